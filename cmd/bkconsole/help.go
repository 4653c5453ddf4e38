package main

import (
	"regexp"
	"strings"
	"sync"

	"github.com/bkconsole/bkconsole/client/i18n"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// localizeHelp shows every command's help in the user's language: in Chinese, the commands'
// texts, their flags' and cobra's own headings are put in Chinese just before the help is
// drawn, once the --lang flag is read (the English stays in the commands, where it is written).
func (a *App) localizeHelp(root *cobra.Command) {
	english := root.HelpFunc()
	root.SetHelpFunc(func(c *cobra.Command, args []string) {
		if a.L() == i18n.Chinese {
			helpToChinese(c.Root())
		}
		english(c, args)
	})
}

// strictHelp makes `help WORD` refuse a word that names no command, as a mistyped command is
// (the nearest commands offered, exit 2): cobra's help printed the root's help and exited 0.
func strictHelp(root *cobra.Command) {
	root.InitDefaultHelpCmd()
	help, _, err := root.Find([]string{"help"})
	if err != nil || help == root {
		return
	}
	help.Run = nil
	help.RunE = func(c *cobra.Command, args []string) error {
		cmd, rest, err := root.Find(args)
		if err != nil {
			return err
		}
		if len(rest) > 0 && cmd.HasAvailableSubCommands() { // a command's own arguments are no topic
			return unknownWord(cmd, rest)
		}
		cmd.InitDefaultHelpFlag()
		return cmd.Help()
	}
}

// helpToChinese puts the help of root and of every command below it in Chinese.
func helpToChinese(root *cobra.Command) {
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		c.Short, c.Long = inChinese(c.Short), inChinese(c.Long)
		translate := func(f *pflag.Flag) { f.Usage = inChinese(f.Usage) }
		c.Flags().VisitAll(translate)
		c.PersistentFlags().VisitAll(translate)
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	addDefaultsInChinese.Do(func() { cobra.AddTemplateFunc("defaultsInChinese", defaultsInChinese) })
	root.SetUsageTemplate(usageHeadings().Replace(root.UsageTemplate()))
}

var addDefaultsInChinese sync.Once

// flagDefault is the "(default X)" pflag ends a flag's line with.
var flagDefault = regexp.MustCompile(`(?m) \(default (.+)\)$`)

// defaultsInChinese says pflag's "(default X)" in Chinese: （默认 X）.
func defaultsInChinese(usages string) string {
	return flagDefault.ReplaceAllString(usages, "（默认 $1）")
}

// inChinese is s in Chinese (helpInChinese); cobra names its help and version flags after the
// command, so those are made here. A text it does not know stays as it is.
func inChinese(s string) string {
	if zh, ok := helpInChinese()[s]; ok {
		return zh
	}
	if name, ok := strings.CutPrefix(s, "help for "); ok {
		return "显示 " + name + " 的帮助"
	}
	if name, ok := strings.CutPrefix(s, "version for "); ok {
		return "显示 " + name + " 的版本"
	}
	return s
}

// usageHeadings are the English words of cobra's usage template, in Chinese.
func usageHeadings() *strings.Replacer {
	return strings.NewReplacer(
		"Usage:", "用法：",
		"Aliases:", "别名：",
		"Examples:", "示例：",
		"Available Commands:", "可用命令：",
		"Additional Commands:", "其他命令：",
		"Global Flags:", "全局参数：",
		"Flags:", "参数：",
		"FlagUsages | trimTrailingWhitespaces", "FlagUsages | defaultsInChinese | trimTrailingWhitespaces",
		"Additional help topics:", "其他帮助主题：",
		`Use "{{.CommandPath}} [command] --help" for more information about a command.`, `运行 "{{.CommandPath}} [command] --help" 查看命令的详细说明。`,
	)
}

// completingInChinese puts the tree in Chinese for shell completion, whose descriptions are
// the commands' and flags' texts (cobra's completion request is made when it runs, so it is
// known by name).
func (a *App) completingInChinese(cmd *cobra.Command) {
	if cmd.Name() == cobra.ShellCompRequestCmd && a.L() == i18n.Chinese {
		helpToChinese(cmd.Root())
	}
}

// cobraMessages are cobra's and pflag's words for a mistake in the command line, each with the
// catalog key that says it in the user's language (the English entry is cobra's own sentence).
var cobraMessages = sync.OnceValue(func() []struct {
	re  *regexp.Regexp
	key string
} {
	return []struct {
		re  *regexp.Regexp
		key string
	}{
		{regexp.MustCompile(`^unknown command "(.*)" for "(.*)"`), "cli.unknown_command"},
		{regexp.MustCompile(`^unknown flag: (.*)$`), "cli.unknown_flag"},
		{regexp.MustCompile(`^unknown shorthand flag: '(.*)' in (.*)$`), "cli.unknown_shorthand"},
		{regexp.MustCompile(`^flag needs an argument: (.*)$`), "cli.flag_needs_value"},
		{regexp.MustCompile(`^invalid argument "(.*)" for "(.*)" flag: one of (.*)$`), "cli.flag_one_of"},
		{regexp.MustCompile(`^invalid argument "(.*)" for "(.*)" flag: (.*)$`), "cli.flag_invalid"},
		{regexp.MustCompile(`^accepts at most (\d+) arg\(s\), received (\d+)$`), "cli.args_at_most"},
		{regexp.MustCompile(`^accepts (\d+) arg\(s\), received (\d+)$`), "cli.args_exactly"},
		{regexp.MustCompile(`^requires at least (\d+) arg\(s\), only received (\d+)$`), "cli.args_at_least"},
		{regexp.MustCompile(`^accepts between (\d+) and (\d+) arg\(s\), received (\d+)$`), "cli.args_between"},
	}
})

// usageTail is, after cobra's count of a command's arguments, what they are: the command's
// usage line ("accepts 1 arg(s), received 0" alone does not say which one is missing).
func (a *App) usageTail(cmd *cobra.Command, err error) string {
	if cmd == nil || !argCount.MatchString(err.Error()) {
		return ""
	}
	return " — " + a.T("cli.usage_is", strings.TrimSuffix(cmd.UseLine(), " [flags]"))
}

// argCount is cobra's words for a wrong number of arguments.
var argCount = regexp.MustCompile(`^(accepts|requires) .*arg\(s\)`)

// usageInLanguage is cobra's message for a mistake in the command line in the user's language;
// cobra writes English only.
func (a *App) usageInLanguage(msg string) string {
	for _, m := range cobraMessages() {
		g := m.re.FindStringSubmatch(msg)
		switch {
		case g == nil:
			continue
		case a.L() != i18n.Chinese && m.key == "cli.flag_invalid":
			return strings.TrimSuffix(msg, g[3]) + a.flagValueReason(g[3])
		case a.L() != i18n.Chinese:
			return msg // cobra's own sentence
		}
		args := make([]any, len(g)-1)
		for i, s := range g[1:] {
			args[i] = s
		}
		if m.key == "cli.flag_invalid" {
			args[2] = a.flagValueReason(g[3])
		}
		return a.T(m.key, args...)
	}
	return msg
}

// flagValueReason words why a flag's value was refused: pflag passes on Go's parse errors,
// which name the function that refused it ("strconv.ParseInt: parsing \"abc\": invalid syntax").
func (a *App) flagValueReason(reason string) string {
	fn, _, _ := strings.Cut(reason, ":")
	switch {
	case strings.HasPrefix(fn, "strconv.") && strings.HasSuffix(reason, "value out of range"):
		return a.T("cli.flag_too_large")
	case fn == "strconv.ParseInt" || fn == "strconv.ParseUint":
		return a.T("cli.flag_want_int")
	case fn == "strconv.ParseFloat":
		return a.T("cli.flag_want_number")
	case fn == "strconv.ParseBool":
		return a.T("cli.flag_want_bool")
	case fn == "time":
		return a.T("cli.flag_want_duration")
	}
	return reason
}

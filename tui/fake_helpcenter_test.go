package tui

import (
	"context"

	"github.com/bkconsole/bkconsole/client"
)

// The fake's Help Center reads: docs, SDKs and their usage examples.

func (f *fakeBackend) Doc(ctx context.Context, gw, res, stage, lang string) (client.Doc, client.Surface, error) {
	f.count("doc/" + lang)
	f.count("doc@" + stage)
	if f.doc != "" {
		return client.Doc{Type: "markdown", Content: f.doc}, client.SurfaceHelpCenter, f.err
	}
	if lang == "en" {
		return client.Doc{Type: "markdown", Content: "# " + res + "\n\nThe English doc.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"}, client.SurfaceHelpCenter, f.err
	}
	return client.Doc{Type: "markdown", Content: "# " + res + "\n\n中文文档。\n"}, client.SurfaceHelpCenter, f.err
}

func (f *fakeBackend) SDKs(ctx context.Context, gw, lang string) ([]client.StageSDK, client.Surface, error) {
	if f.sdkErr != nil {
		return nil, "", f.sdkErr
	}
	return []client.StageSDK{{Stage: client.SDKRef{Name: "prod"}, SDK: &client.SDKInfo{Name: "bkapi-" + gw, Version: "1.0.0", InstallCommand: "pip install bkapi-" + gw + "==1.0.0"}}}, client.SurfaceHelpCenter, nil
}

func (f *fakeBackend) SDKUsage(ctx context.Context, gw, lang, stage, res string) (client.Content, client.Surface, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.failing["sdk_usage"]; err != nil {
		return client.Content{}, "", err
	}
	return client.Content{Content: "```python\nclient.api." + res + "()\n```\n"}, client.SurfaceHelpCenter, f.sdkErr
}

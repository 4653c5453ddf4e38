package fzfbench

import "testing"

// BenchmarkRealisticKeystrokes is the console's list over the realistic keystrokes (typing
// and deleting), one keystroke per op: the average behind TestKeystrokeLatency's percentiles.
func BenchmarkRealisticKeystrokes(b *testing.B) {
	m := newList(gateway(50000 - len(planted)))
	ks := keystrokes()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m.SetFilter(ks[i%len(ks)])
	}
}

// BenchmarkStep is one typed character that narrows a broad previous result, the slowest kind
// of keystroke (profile it with -cpuprofile): the previous query is set outside the timer.
func BenchmarkStep(b *testing.B) {
	m := newList(gateway(50000 - len(planted)))
	for _, s := range [][2]string{{"", "t"}, {"t", "te"}, {"/", "/a"}, {"/api/v", "/api/v3"}} {
		b.Run(s[1], func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				m.SetFilter("")
				m.SetFilter(s[0])
				b.StartTimer()
				m.SetFilter(s[1])
			}
		})
	}
}

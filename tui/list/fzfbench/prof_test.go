package fzfbench

import "testing"

func BenchmarkOursRealistic(b *testing.B) {
	m := newList(gateway(50000 - len(planted)))
	ks := keystrokes()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m.SetFilter(ks[i%len(ks)])
	}
}

func BenchmarkStep(b *testing.B) {
	m := newList(gateway(50000 - len(planted)))
	for _, s := range [][2]string{{"/", "/a"}, {"te", "ten"}, {"", "t"}, {"t", "te"}} {
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

package fzfbench

import "testing"

func BenchmarkStepOnly(b *testing.B) {
	m := newList(gateway(50000 - len(planted)))
	for _, s := range [][2]string{{"t", "te"}, {"/api/v", "/api/v3"}, {"", "/"}} {
		b.Run(s[1], func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				m.SetFilter(s[0])
				m.SetFilter(s[1])
				m.SetFilter(s[0]) // back: from memory
			}
		})
	}
}

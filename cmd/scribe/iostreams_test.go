package main

import "testing"

// TestNoColorEnv: NO_COLOR counts only when it is not empty, and a dumb
// terminal gets no colour.
func TestNoColorEnv(t *testing.T) {
	for _, tt := range []struct {
		env  map[string]string
		want bool
	}{
		{map[string]string{}, false},
		{map[string]string{"NO_COLOR": ""}, false},
		{map[string]string{"NO_COLOR": "1"}, true},
		{map[string]string{"NO_COLOR": "0"}, true},
		{map[string]string{"TERM": "dumb"}, true},
		{map[string]string{"TERM": "xterm-256color"}, false},
	} {
		if got := noColorEnv(func(k string) string { return tt.env[k] }); got != tt.want {
			t.Errorf("noColorEnv(%v) = %v, want %v", tt.env, got, tt.want)
		}
	}
	tty := &IO{OutTTY: true}
	if !tty.Color("auto") || tty.Color("never") {
		t.Errorf("a terminal: auto %v, never %v", tty.Color("auto"), tty.Color("never"))
	}
	tty.NoColor = true
	if tty.Color("auto") || !tty.Color("always") {
		t.Errorf("a terminal asking for no colour: auto %v, always %v", tty.Color("auto"), tty.Color("always"))
	}
}

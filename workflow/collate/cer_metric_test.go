package collate

import (
	"math"
	"strings"
	"testing"
)

func TestEditDistance(t *testing.T) {
	tests := []struct {
		name string
		a, b string
		want int
	}{
		{"both empty", "", "", 0},
		{"empty a", "", "abc", 3},
		{"empty b", "abc", "", 3},
		{"identical", "kitten", "kitten", 0},
		{"classic", "kitten", "sitting", 3},
		{"symmetric", "sitting", "kitten", 3},
		{"rn for m", "modern", "rnodern", 2},
		{"insertion", "word", "wordy", 1},
		{"deletion", "the the", "the", 4},
		{"combining mark is part of its letter", "e\u0301", "e", 1},
		{"nfd and nfc differ without normalisation", "e\u0301", "\u00e9", 1},
		{"skin tone is one cluster", "a\U0001F44D\U0001F3FDb", "ab", 1},
		{"flag is one cluster", "\U0001F1EC\U0001F1E7", "", 1},
		{"crlf is one cluster", "a\r\nb", "a\nb", 1},
		{"hebrew", "שלום", "שלוס", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := EditDistance(tt.a, tt.b); got != tt.want {
				t.Errorf("EditDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
			}
		})
	}
}

func TestCER(t *testing.T) {
	tests := []struct {
		name     string
		ref, hyp string
		want     float64
	}{
		{"both empty", "", "", 0},
		{"empty reference", "", "x", 1},
		{"empty reference long hypothesis", "", "a whole line", 1},
		{"empty hypothesis", "abcd", "", 1},
		{"identical", "Fourscore and seven years ago", "Fourscore and seven years ago", 0},
		{"one substitution in ten", "abcdefghij", "abcdefgh1j", 0.1},
		{"nfd hypothesis against nfc reference", "caf\u00e9", "cafe\u0301", 0},
		{"nfc hypothesis against nfd reference", "cafe\u0301", "caf\u00e9", 0},
		{"mark against bare letter", "e\u0301", "e", 1},
		{"skin tone emoji is one grapheme", "\U0001F44D\U0001F3FD", "\U0001F44D", 1},
		{"skin tone emoji in a word", "ok\U0001F44D\U0001F3FD", "ok", 1.0 / 3},
		{"longer hypothesis", "ab", "abcd", 1},
		{"more than one", "a", "bcd", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CER(tt.ref, tt.hyp); math.Abs(got-tt.want) > 1e-12 {
				t.Errorf("CER(%q, %q) = %v, want %v", tt.ref, tt.hyp, got, tt.want)
			}
		})
	}
}

// TestEditDistanceLong checks the two-row programme against a known answer
// on inputs long enough to swap the rows many times.
func TestEditDistanceLong(t *testing.T) {
	a := strings.Repeat("abcdefghij", 100)
	b := strings.Replace(a, "e", "3", 7) // seven substitutions
	b = b[:len(b)-5]                     // five deletions
	if got := EditDistance(a, b); got != 12 {
		t.Errorf("EditDistance = %d, want 12", got)
	}
	if got := EditDistance(b, a); got != 12 {
		t.Errorf("EditDistance reversed = %d, want 12", got)
	}
}

func BenchmarkCER(b *testing.B) {
	ref := strings.Repeat("The quick brown fox jumps over the lazy dog.\n", 40)
	hyp := strings.ReplaceAll(ref, "o", "0")
	b.ReportAllocs()
	for b.Loop() {
		CER(ref, hyp)
	}
}

package decision

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

// addRepositorySeeds adds the files matching pattern, relative to the
// repository's root, to the fuzz corpus, each cut to its first slots:
// small seeds keep the fuzzer's minimisation quick.
func addRepositorySeeds(f *testing.F, pattern string) {
	f.Helper()
	files, err := filepath.Glob(filepath.Join("..", "..", filepath.FromSlash(pattern)))
	if err != nil {
		f.Fatal(err)
	}
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		if len(b) > 2048 {
			b = b[:bytes.LastIndexByte(b[:2048], '\n')+1]
		}
		f.Add(b)
	}
}

// FuzzParse: Parse never panics, and what Encode writes from what it
// parsed parses back to the same decisions (their times as written, UTC
// to the second) and encodes to the same bytes.
func FuzzParse(f *testing.F) {
	addRepositorySeeds(f, "transcriptions/*/*/decisions.txt")
	seen := []string{"a b", "a c"}
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	f.Add(Encode(3, []Decision{
		{Row: 1, Text: "a b", How: Pick, Readings: []string{"ann"}, By: "rev", At: at, Seen: seen, Fingerprint: FingerprintOf(seen)},
		{Row: 3, How: Omit, By: "rev", At: at, Note: "page number", Seen: seen, Fingerprint: FingerprintOf(seen)},
	}))
	f.Add([]byte(Header + "\n1\n\n2\t{oops\n"))
	f.Add([]byte("<<<<<<< ours\n1\n=======\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		ds, err := Parse("decisions.txt", src)
		if err != nil {
			return
		}
		rows := 0
		for _, d := range ds {
			rows = max(rows, d.Row)
		}
		if rows > 1<<12 {
			// Encode writes every slot up to the last row: far rows only
			// make it slow (TestParseRefusesARowNoPageHas bounds them).
			return
		}
		out := Encode(rows, ds)
		again, err := Parse("decisions.txt", out)
		if err != nil {
			t.Fatalf("what Encode wrote does not parse: %v\n%s", err, out)
		}
		var want []Decision
		for _, d := range ds {
			d.At = d.At.UTC().Truncate(time.Second)
			want = append(want, d)
		}
		for i := range again {
			again[i].At = again[i].At.UTC()
		}
		if !reflect.DeepEqual(again, want) {
			t.Fatalf("round trip:\n got %+v\nwant %+v", again, want)
		}
		if out2 := Encode(rows, again); !bytes.Equal(out2, out) {
			t.Fatalf("Encode is not stable:\n%s\n%s", out, out2)
		}
	})
}

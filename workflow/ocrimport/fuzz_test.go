package ocrimport

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// encodeMap writes page-map entries in the form ParseMap reads.
func encodeMap(es []MapEntry) []byte {
	var b strings.Builder
	for _, e := range es {
		fmt.Fprintf(&b, "%s %d-%d", e.Page, e.From, e.To)
		if e.Printed != "" {
			b.WriteString(" " + e.Printed)
		}
		b.WriteByte('\n')
	}
	return []byte(b.String())
}

// FuzzParseMap: ParseMap never panics, never returns entries that break
// its own rules, and the entries written out again parse to the same.
func FuzzParseMap(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "transcriptions", "*", "import", "*.map"))
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("# a comment\n001 1-5 7\n\n002 6-9 # none printed\n"))
	f.Add([]byte("01 3-2\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		es, err := ParseMap("pages.map", src)
		if err != nil {
			return
		}
		for i, e := range es {
			if e.From < 1 || e.To < e.From || (i > 0 && (e.Page <= es[i-1].Page || e.From <= es[i-1].To)) {
				t.Fatalf("entry %d breaks the map's rules: %+v", i, es)
			}
		}
		out := encodeMap(es)
		again, err := ParseMap("pages.map", out)
		if err != nil {
			t.Fatalf("the entries written out do not parse: %v\n%s", err, out)
		}
		for i := range es {
			es[i].Line, again[i].Line = 0, 0
		}
		if !reflect.DeepEqual(again, es) {
			t.Fatalf("round trip:\n got %+v\nwant %+v", again, es)
		}
	})
}

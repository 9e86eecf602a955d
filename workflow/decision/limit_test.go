package decision

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestParseRefusesARowNoPageHas: a slot for a row far beyond any page's
// rows (a hand edit) is refused, rather than making Encode write a slot
// for every row up to it.
func TestParseRefusesARowNoPageHas(t *testing.T) {
	seen := []string{"a"}
	d := Decision{Row: 1, How: Omit, By: "rev", At: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Seen: seen, Fingerprint: FingerprintOf(seen)}
	one := string(EncodeOne(d))
	if _, err := Parse("d", []byte(Header+"\n"+strconv.Itoa(MaxRow)+"\t"+one+"\n")); err != nil {
		t.Errorf("row %d refused: %v", MaxRow, err)
	}
	for _, row := range []string{strconv.Itoa(MaxRow + 1), "2000000000"} {
		_, err := Parse("d", []byte(Header+"\n1\n\n"+row+"\t"+one+"\n"))
		if err == nil || !strings.Contains(err.Error(), "d:7: row "+row+" is beyond the last row a page can have") {
			t.Errorf("row %s: %v", row, err)
		}
		if _, err := Parse("d", []byte(Header+"\n"+row+"\n")); err == nil {
			t.Errorf("an empty slot for row %s was taken", row)
		}
	}
}

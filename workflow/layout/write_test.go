package layout

import (
	"os"
	"path/filepath"
	"testing"
)

// A replacement that fails at the rename leaves the folder as it was: no
// temporary file behind, for either durability.
func TestReplaceFileFailureLeavesNoTemporary(t *testing.T) {
	for _, durable := range []bool{true, false} {
		dir := t.TempDir()
		dest := filepath.Join(dir, "decisions.txt")
		if err := os.MkdirAll(filepath.Join(dest, "inside"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := replaceFrom(dir, dest, []byte("x\n"), durable); err == nil {
			t.Fatalf("durable=%v: replacing a non-empty folder succeeded", durable)
		}
		entries, err := os.ReadDir(dir)
		if err != nil || len(entries) != 1 || entries[0].Name() != "decisions.txt" {
			t.Errorf("durable=%v: the folder holds %v (%v); want only decisions.txt", durable, entries, err)
		}
	}
}

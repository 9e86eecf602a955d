package layout

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

func TestWorkFSReadFile(t *testing.T) {
	root := t.TempDir()
	w := newWorkFS(root)
	for _, n := range []int{0, 1, 4095, 4096, 4097, 8192, 100_000} {
		want := bytes.Repeat([]byte("abcdefg\n"), n/8+1)[:n]
		name := filepath.Join(root, "f.txt")
		if err := os.WriteFile(name, want, 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := w.ReadFile("f.txt")
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%d bytes: read %d bytes, %v", n, len(got), err)
		}
	}
	if _, err := w.ReadFile("missing.txt"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v, want fs.ErrNotExist", err)
	}
	if _, err := w.ReadFile("../outside"); !errors.Is(err, fs.ErrInvalid) {
		t.Errorf("path outside the root: %v, want fs.ErrInvalid", err)
	}
	if err := os.Mkdir(filepath.Join(root, "dir"), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := w.ReadFile("dir"); err == nil {
		t.Error("reading a folder succeeded")
	}
}

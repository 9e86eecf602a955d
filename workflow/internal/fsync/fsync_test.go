package fsync

import (
	"path/filepath"
	"testing"
)

func TestDir(t *testing.T) {
	if err := Dir(t.TempDir()); err != nil {
		t.Errorf("Dir of a folder: %v", err)
	}
	if err := Dir(filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Error("Dir of a missing folder succeeded")
	}
}

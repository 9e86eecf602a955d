package site

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// Writer writes a site's files under a folder, each only when its bytes
// differ from what is there: a second run over the same inputs writes
// nothing.
type Writer struct {
	mu      sync.Mutex
	Dir     string // the site's folder
	Written int    // files written, new or changed
	Files   int    // files the site has
}

// Put writes data to the slash-separated path rel under the folder unless
// the file already holds exactly it.
func (w *Writer) Put(rel string, data []byte) error {
	w.mu.Lock()
	w.Files++
	w.mu.Unlock()
	if !fs.ValidPath(rel) || strings.Contains(rel, "\\") {
		return fmt.Errorf("site: %q is not a path inside the site", rel)
	}
	abs := filepath.Join(w.Dir, filepath.FromSlash(rel))
	old, err := os.ReadFile(abs)
	if err == nil && bytes.Equal(old, data) {
		return nil
	}
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("cannot read %s: %w; remove it or write the site to another folder with -o", abs, err)
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		return fmt.Errorf("cannot make the folder for %s: %w; write the site to another folder with -o", abs, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(abs), ".site-*")
	if err != nil {
		return fmt.Errorf("cannot write %s: %w; write the site to another folder with -o", abs, err)
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Chmod(tmp.Name(), 0o644)
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), abs)
	}
	if werr != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("cannot write %s: %w; write the site to another folder with -o", abs, werr)
	}
	w.mu.Lock()
	w.Written++
	w.mu.Unlock()
	return nil
}

package layout

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/scribe-transcription/scribe/workflow/problem"
)

// WriteFile replaces the file at a repository path atomically and
// durably: a reader sees the old content or the new, never a mixture,
// and once WriteFile returns the new content survives a crash or a power
// loss.
func (r *Repo) WriteFile(rel string, data []byte) error {
	abs, err := r.writable(rel)
	if err != nil {
		return err
	}
	return replaceFile(abs, data, true)
}

// Replace writes data to a repository path unless the file already holds
// exactly it, and reports whether it wrote.
func (r *Repo) Replace(rel string, data []byte) (bool, error) {
	return r.replace(rel, data, true)
}

// ReplaceDerived is Replace for content that a build can always make
// again from the other files (a canonical text, its canonical.sum, a
// decisions file that records no decision yet): the file is still
// replaced atomically, but not flushed to disk one by one, which is most
// of the cost of writing thousands of them. After a power loss such a
// file may hold its old content or none, which check reports and a new
// build repairs; a reading or a decision is never written this way.
func (r *Repo) ReplaceDerived(rel string, data []byte) (bool, error) {
	return r.replace(rel, data, false)
}

func (r *Repo) replace(rel string, data []byte, durable bool) (bool, error) {
	if old, err := r.ReadFile(rel); err == nil && bytes.Equal(old, data) {
		return false, nil
	}
	abs, err := r.writable(rel)
	if err != nil {
		return false, err
	}
	if err := replaceFile(abs, data, durable); err != nil {
		return false, err
	}
	return true, nil
}

// replaceFile writes data to a temporary file in abs's folder and renames
// it over abs, so that the folder holds the old file or the new one at
// every instant. durable flushes the file before the rename and the
// folder after it. The temporary file is removed on failure.
func replaceFile(abs string, data []byte, durable bool) (err error) {
	dir := filepath.Dir(abs)
	f, err := os.CreateTemp(dir, "."+filepath.Base(abs)+".tmp")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			_ = f.Close()
			_ = os.Remove(tmp)
		}
	}()
	if _, err = f.Write(data); err != nil {
		return err
	}
	if err = f.Chmod(0o644); err != nil {
		return err
	}
	if durable {
		if err = f.Sync(); err != nil {
			return err
		}
	}
	if err = f.Close(); err != nil {
		return err
	}
	if err = os.Rename(tmp, abs); err != nil {
		return err
	}
	if durable {
		return syncDir(dir)
	}
	return nil
}

// writable prepares a repository path for writing: its folder made, and
// refused when the repository is read from git or the path is anything
// but a regular file.
func (r *Repo) writable(rel string) (string, error) {
	if r.Root == "" {
		return "", fmt.Errorf("%s: this repository is read from git and cannot be written", rel)
	}
	abs := r.Abs(rel)
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		return "", err
	}
	return abs, r.CheckRegular(rel)
}

// CheckRegular refuses a path that exists as anything but a regular file
// (a symbolic link, a directory), which scribe never writes through.
func (r *Repo) CheckRegular(rel string) error {
	if fi, err := os.Lstat(r.Abs(rel)); err == nil && !fi.Mode().IsRegular() {
		return problem.Newf(rel, 0, "layout", "remove it or move it away, then try again",
			"%s is not a regular file (it is a %s)", rel, kind(fi.Mode()))
	}
	return nil
}

func kind(m fs.FileMode) string {
	switch {
	case m&fs.ModeSymlink != 0:
		return "symbolic link"
	case m.IsDir():
		return "directory"
	default:
		return "special file"
	}
}

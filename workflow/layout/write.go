package layout

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"

	"github.com/scribe-transcription/scribe/workflow/problem"

	"github.com/scribe-transcription/scribe/workflow/internal/fsync"
)

// Temporary files. A replacement is written to a temporary file first and
// renamed over its destination. The temporary file is made in the
// repository's git directory (TempDir under it), or at the root when there
// is no git directory (TempDir itself, outside transcriptions/), where
// neither check nor `git add` sees it; a crash can leave one there, and
// the next command that takes the lock removes it. Only when that folder
// is on another file system than the destination, so that the rename
// fails, is the temporary file made beside its destination, named
// TempPrefix + the destination's name + a random suffix: check recognises
// that name, and the next write of the same file removes it.
const (
	TempDir    = "scribe-tmp"
	TempPrefix = ".scribe-tmp."
)

// IsTemp reports whether a file name is a temporary file left beside its
// destination.
func IsTemp(name string) bool { return strings.HasPrefix(name, TempPrefix) }

// written counts the files replaced by this process, so that a command
// interrupted before it finished can say whether it wrote anything.
var written atomic.Int64

var errNoTempDir = errors.New("the temporary folder is gone")

// Written is how many files this process has replaced so far.
func Written() int64 { return written.Load() }

// WriteHook, when set (by tests), is called at each step of every file
// replacement ("create", "write", "rename", with the destination's path)
// and fails the replacement when it returns an error: a fault injected
// where a real write could fail.
var WriteHook func(step, abs string) error

func hook(step, abs string) error {
	if WriteHook == nil {
		return nil
	}
	return WriteHook(step, abs)
}

// WriteFile replaces the file at a repository path atomically and
// durably: a reader sees the old content or the new, never a mixture,
// and once WriteFile returns the new content survives a crash or a power
// loss.
func (r *Repo) WriteFile(rel string, data []byte) error {
	abs, err := r.writable(rel)
	if err != nil {
		return err
	}
	return r.replaceFile(rel, abs, data, true)
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
	if err := r.replaceFile(rel, abs, data, durable); err != nil {
		return false, err
	}
	return true, nil
}

// replaceFile replaces abs with data through a temporary file in the
// repository's temporary folder, or beside abs when the rename from there
// fails (another file system). A failure is reported naming rel, and
// leaves abs as it was and no temporary file.
func (r *Repo) replaceFile(rel, abs string, data []byte, durable bool) error {
	err := errors.New("no temporary folder")
	if tmp := r.tempDir(); tmp != "" {
		for try := 0; try < 3; try++ {
			if err = os.MkdirAll(tmp, 0o755); err == nil {
				err = replaceFrom(tmp, abs, data, durable)
			}
			// Another write of this process may have removed the
			// emptied folder (below) between the two steps, or while
			// MkdirAll made it.
			if !errors.Is(err, errNoTempDir) && !errors.Is(err, fs.ErrExist) {
				break
			}
		}
		if filepath.Dir(tmp) == r.Root {
			// Without a git directory the folder stands in the work
			// tree: it is left only while a write is under way.
			_ = os.Remove(tmp)
		}
		var le *os.LinkError
		if err == nil || !errors.As(err, &le) || le.Op != "rename" || !crossDevice(err) {
			return writeError(rel, err)
		}
	}
	removeStale(abs)
	return writeError(rel, replaceFrom(filepath.Dir(abs), abs, data, durable))
}

func writeError(rel string, err error) error {
	if err == nil {
		written.Add(1)
		return nil
	}
	return fmt.Errorf("could not write %s, which is as it was (%w): free disk space or fix the folder's permissions, then run the command again", rel, err)
}

// removeStale removes temporary files left beside abs by an earlier
// write of it that was interrupted.
func removeStale(abs string) {
	old, _ := filepath.Glob(filepath.Join(filepath.Dir(abs), TempPrefix+globEscape(filepath.Base(abs))+".*"))
	for _, f := range old {
		_ = os.Remove(f)
	}
}

func globEscape(s string) string {
	var b strings.Builder
	for _, c := range s {
		if strings.ContainsRune(`*?[]\`, c) {
			b.WriteByte('\\')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// replaceFrom writes data to a temporary file in dir and renames it over
// abs, so that abs's folder holds the old file or the new one at every
// instant. durable flushes the file before the rename and the folder
// after it. The temporary file is removed on failure.
func replaceFrom(dir, abs string, data []byte, durable bool) (err error) {
	if err := hook("create", abs); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, TempPrefix+filepath.Base(abs)+".*")
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("%w: %v", errNoTempDir, err)
		}
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
	if err = hook("write", abs); err != nil {
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
	if err = hook("rename", abs); err != nil {
		return err
	}
	if err = os.Rename(tmp, abs); err != nil {
		return err
	}
	if durable {
		return fsync.Dir(filepath.Dir(abs))
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

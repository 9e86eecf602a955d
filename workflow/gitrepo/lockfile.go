package gitrepo

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/scribe-transcription/scribe/workflow/internal/fsync"
)

// Files that git reads (refs, the index) are replaced the way git itself
// replaces them: the new content goes into "<file>.lock", created only if
// no such file exists, is synced to disk and is then renamed over the
// file, and the folder is synced. Git and every tool built on it take the
// same lock file, so holding it excludes them, and a process killed at
// any instant leaves the old file or the new one, never a mix.
//
// A lock file is normally made as a hard link to a file of scribe's own
// in lockDir, named after the lock it stands for. The link is as
// exclusive as an exclusive create (it fails when the lock exists), and
// it is proof afterwards that scribe made the lock: a lock file that is
// the same file as one in lockDir was made by scribe, never by git. When
// no other scribe can be running (the caller holds scribe's repository
// lock), such a lock was left by a scribe that was killed, and it is
// removed; any other lock file is refused, as git refuses it. On a file
// system without hard links the lock is created directly and a stale one
// is refused.

// lockDir is the folder, inside a git directory, that holds the files
// scribe links its lock files to. Git ignores it.
const lockDir = "scribe-locks"

// fault, when set (by tests), is called before each step that writes to
// the file system; an error it returns fails that step.
var fault func(step string) error

func check(step string) error {
	if fault != nil {
		return fault(step)
	}
	return nil
}

// ErrLocked says a lock file exists: git, or a git process that was
// killed, holds it.
var ErrLocked = errors.New("lock file exists")

type lockedError struct{ lock, shown string }

func (e *lockedError) Error() string {
	return fmt.Sprintf("%s exists: another git process seems to be running in this repository (a git command, an editor or a git program); "+
		"wait for it to finish and run the command again. If no git process is running, one was killed there earlier: remove %s and run the command again",
		e.shown, e.shown)
}

func (e *lockedError) Unwrap() error { return ErrLocked }

// lockFile is a taken "<target>.lock".
type lockFile struct {
	target string   // the file the lock replaces
	path   string   // target + ".lock"
	link   string   // the file in lockDir the lock is linked to; "" if none
	f      *os.File // open for writing until write is called
	shown  string   // how messages name the lock
}

// lockName is the name in lockDir of the file linked to the lock file at
// rel (slash-separated, from the git directory).
func lockName(rel string) string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return url.PathEscape(rel) + "." + hex.EncodeToString(b[:])
}

// lockOf is the lock file (slash-separated, from the git directory) that
// a file in lockDir stands for.
func lockOf(name string) (string, bool) {
	i := strings.LastIndexByte(name, '.')
	if i <= 0 {
		return "", false
	}
	rel, err := url.PathUnescape(name[:i])
	if err != nil || rel == "" || strings.Contains(rel, "..") || !strings.HasSuffix(rel, ".lock") {
		return "", false
	}
	return rel, true
}

// takeLock creates the empty lock file for rel (slash-separated, from the
// git directory gitDir), refusing when it exists.
func takeLock(gitDir, rel, shown string) (*lockFile, error) {
	l := &lockFile{
		target: filepath.Join(gitDir, filepath.FromSlash(rel)),
		shown:  shown + ".lock",
	}
	l.path = l.target + ".lock"
	if err := check("mkdir"); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(l.path), 0o777); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Join(gitDir, lockDir), 0o777); err != nil {
		return nil, err
	}
	if err := check("create"); err != nil {
		return nil, err
	}
	link := filepath.Join(gitDir, lockDir, lockName(rel+".lock"))
	f, err := os.OpenFile(link, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
	if err != nil {
		return nil, err
	}
	if err := check("link"); err != nil {
		f.Close()
		os.Remove(link)
		return nil, err
	}
	err = os.Link(link, l.path)
	switch {
	case err == nil:
		l.f, l.link = f, link
		return l, nil
	case errors.Is(err, fs.ErrExist):
		f.Close()
		os.Remove(link)
		return nil, &lockedError{lock: l.path, shown: l.shown}
	}
	// No hard links here: create the lock file itself.
	f.Close()
	os.Remove(link)
	f, err = os.OpenFile(l.path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
	if errors.Is(err, fs.ErrExist) {
		return nil, &lockedError{lock: l.path, shown: l.shown}
	}
	if err != nil {
		return nil, err
	}
	l.f = f
	return l, nil
}

// write puts the new content into the lock file and syncs it to disk.
func (l *lockFile) write(data []byte) error {
	if err := check("write"); err != nil {
		return err
	}
	if _, err := l.f.Write(data); err != nil {
		return err
	}
	if err := check("sync"); err != nil {
		return err
	}
	if err := l.f.Sync(); err != nil {
		return err
	}
	if err := check("close"); err != nil {
		return err
	}
	f := l.f
	l.f = nil
	return f.Close()
}

// commit renames the lock file over its target and syncs the folder; the
// target holds the new content from the rename on.
func (l *lockFile) commit() error {
	if err := check("rename"); err != nil {
		return err
	}
	if err := os.Rename(l.path, l.target); err != nil {
		return err
	}
	l.path = ""
	if l.link != "" {
		_ = os.Remove(l.link)
		l.link = ""
	}
	if err := check("syncdir"); err != nil {
		return err
	}
	return fsync.Dir(filepath.Dir(l.target))
}

// renamed says whether commit renamed the lock over its target.
func (l *lockFile) renamed() bool { return l.path == "" }

// release gives the lock up, leaving the target as it was, unless it was
// committed.
func (l *lockFile) release() {
	if l == nil {
		return
	}
	if l.f != nil {
		l.f.Close()
		l.f = nil
	}
	if l.path != "" {
		_ = os.Remove(l.path)
		l.path = ""
	}
	if l.link != "" {
		_ = os.Remove(l.link)
		l.link = ""
	}
}

// clearStaleLocks removes the lock files in gitDir that a killed scribe
// left, and the files in lockDir they were linked to. Only a caller that
// holds scribe's repository lock may call it: a scribe still at work
// would lose its locks. Lock files of git, or of scribe on a file system
// without hard links, are not touched.
func clearStaleLocks(gitDir string) error {
	dir := filepath.Join(gitDir, lockDir)
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, e := range entries {
		link := filepath.Join(dir, e.Name())
		if rel, ok := lockOf(e.Name()); ok {
			lock := filepath.Join(gitDir, filepath.FromSlash(rel))
			li, err1 := os.Lstat(link)
			ki, err2 := os.Lstat(lock)
			if err1 == nil && err2 == nil && os.SameFile(li, ki) {
				if err := os.Remove(lock); err != nil {
					return fmt.Errorf("cannot remove %s, left by a scribe that was stopped: %v; remove it and run the command again", lock, err)
				}
			}
		}
		if err := os.Remove(link); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}

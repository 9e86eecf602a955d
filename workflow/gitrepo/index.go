package gitrepo

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/go-git/go-git/v5/plumbing/format/index"
)

// ErrDamagedIndex says git's index cannot be read.
var ErrDamagedIndex = errors.New("the git index is damaged")

type damagedIndexError struct {
	file string
	err  error
}

func (e *damagedIndexError) Error() string {
	return fmt.Sprintf("%s, git's index, cannot be read (%v; a git program was probably stopped while writing it): nothing was committed. "+
		"Rebuild it from the last commit, which keeps every file of the work tree as it is: delete %s and run `git reset`, "+
		"then run the command again (changes staged with git add must then be staged again)", e.file, e.err, e.file)
}

func (e *damagedIndexError) Unwrap() error { return ErrDamagedIndex }

// readIndex decodes the index with go-git's decoder and returns it with
// its bytes. A missing index is an empty one, as for git.
func (r *Repo) readIndex() (*index.Index, []byte, error) {
	idx := &index.Index{Version: 2}
	b, err := os.ReadFile(filepath.Join(r.safe.gitDir, "index"))
	if errors.Is(err, fs.ErrNotExist) {
		return idx, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	if err := index.NewDecoder(bytes.NewReader(b)).Decode(idx); err != nil {
		return nil, nil, &damagedIndexError{file: shown(r.safe.gitDir, "index"), err: err}
	}
	return idx, b, nil
}

// CheckIndex reports a damaged index, before a command writes anything.
func (r *Repo) CheckIndex() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	_, _, err := r.readIndex()
	return err
}

// restoreIndex puts back the index whose bytes were old (nil: there was
// none).
func (r *Repo) restoreIndex(old []byte) error {
	l, err := r.safe.lockIndex()
	if err != nil {
		return err
	}
	defer l.release()
	if old == nil {
		err := os.Remove(filepath.Join(r.safe.gitDir, "index"))
		if errors.Is(err, fs.ErrNotExist) {
			err = nil
		}
		return err
	}
	if err := l.write(old); err != nil {
		return err
	}
	return l.commit()
}

package gitrepo

import (
	"errors"
	"io"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// ReadFile returns a file's content at the tip of HEAD, and false when
// HEAD is unborn or has no such file.
func (r *Repo) ReadFile(rel string) ([]byte, bool, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	_, tip, err := r.head()
	if err != nil || tip == nil {
		return nil, false, err
	}
	return r.fileAt(tip.Hash(), rel)
}

// FileAt returns a file's content in a commit, and false when the commit
// has no such file.
func (r *Repo) FileAt(commit, rel string) ([]byte, bool, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.fileAt(plumbing.NewHash(commit), rel)
}

// fileAt is FileAt with the lock held.
func (r *Repo) fileAt(commit plumbing.Hash, rel string) ([]byte, bool, error) {
	c, err := r.git.CommitObject(commit)
	if err != nil {
		return nil, false, err
	}
	f, err := c.File(rel)
	if errors.Is(err, object.ErrFileNotFound) || errors.Is(err, object.ErrDirectoryNotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	rd, err := f.Reader()
	if err != nil {
		return nil, false, err
	}
	defer rd.Close()
	b, err := io.ReadAll(rd)
	return b, true, err
}

// blob reads a blob's content.
func (r *Repo) blob(h plumbing.Hash) ([]byte, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.readBlob(h)
}

// blobSize is a blob's size, from its header.
func (r *Repo) blobSize(h plumbing.Hash) (int64, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	o, err := r.git.Storer.EncodedObject(plumbing.AnyObject, h)
	if err != nil {
		return 0, err
	}
	return o.Size(), nil
}

// readBlob is blob with the lock held.
func (r *Repo) readBlob(h plumbing.Hash) ([]byte, error) {
	b, err := r.git.BlobObject(h)
	if err != nil {
		return nil, err
	}
	rd, err := b.Reader()
	if err != nil {
		return nil, err
	}
	defer rd.Close()
	return io.ReadAll(rd)
}

package layout

import (
	"io/fs"
	"os"
	"path/filepath"
)

// workFS is os.DirFS over a work tree, with a ReadFile that costs a file
// fewer system calls (see readWhole): reading every file is most of what
// a full check does besides collating.
type workFS struct {
	fs.FS
	root string
}

func newWorkFS(root string) workFS { return workFS{FS: os.DirFS(root), root: root} }

// ReadFile reads the file at a slash-separated path below the root.
func (w workFS) ReadFile(name string) ([]byte, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "readfile", Path: name, Err: fs.ErrInvalid}
	}
	b, err := readWhole(filepath.Join(w.root, filepath.FromSlash(name)))
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: name, Err: err}
	}
	return b, nil
}

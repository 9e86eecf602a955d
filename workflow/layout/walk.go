package layout

import (
	"io/fs"
	"path"
)

// Entry is one file or folder met listing the layout.
type Entry struct {
	Name    string
	Path    string // repository path
	Dir     bool
	Symlink bool
	Regular bool // a regular file
	// Class is what the layout makes of the path (Classify for a file,
	// ClassifyDir for a folder). A symbolic link is classified as what it
	// stands in for, though scribe never follows one.
	Class Path
}

// Folder reports whether the entry is a folder of the layout that a walk
// descends into.
func (e Entry) Folder() bool {
	switch e.Class.Kind {
	case KindDocumentDir, KindImportDir, KindPageDir, KindReadingsDir, KindWordsDir:
		return e.Dir && !e.Symlink
	}
	return false
}

// List reads one folder of the repository, sorted by name, and classifies
// its entries.
func (r *Repo) List(dir string) ([]Entry, error) {
	des, err := r.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	out := make([]Entry, len(des))
	for i, de := range des {
		rel := path.Join(dir, de.Name())
		e := Entry{Name: de.Name(), Path: rel, Dir: de.IsDir(), Symlink: de.Type()&fs.ModeSymlink != 0, Regular: de.Type().IsRegular()}
		if e.Dir {
			e.Class = ClassifyDir(rel)
		} else {
			e.Class = Classify(rel)
		}
		out[i] = e
	}
	return out, nil
}

// Walk is the one walk of the layout, over a work tree or a commit alike:
// it lists dir and, depth first in name order, every folder of the layout
// under it (Entry.Folder) that skip does not refuse. visit sees each
// folder's entries before any of its subfolders, or the error listing it
// gave; a folder that does not exist is not visited. An error visit
// returns stops the walk.
func (r *Repo) Walk(dir string, skip func(Entry) bool, visit func(dir string, entries []Entry, err error) error) error {
	entries, err := r.List(dir)
	if isNotExist(err) {
		return nil
	}
	if err := visit(dir, entries, err); err != nil {
		return err
	}
	for _, e := range entries {
		if !e.Folder() || (skip != nil && skip(e)) {
			continue
		}
		if err := r.Walk(e.Path, skip, visit); err != nil {
			return err
		}
	}
	return nil
}

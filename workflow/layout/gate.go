package layout

import (
	"errors"
	"io/fs"
	"os"
)

// The forge files that `scribe init` writes beside transcriptions/: the
// gate that checks every pull request, and who must review what.
const (
	GateWorkflowPath = ".github/workflows/scribe-check.yml"
	CodeownersPath   = ".github/CODEOWNERS"
)

// codeownersPaths are the places GitHub looks for a CODEOWNERS file, in its
// order: the first one found is the one in force.
var codeownersPaths = []string{CodeownersPath, "CODEOWNERS", "docs/CODEOWNERS"}

// InitGate writes the gate's workflow (its content given, since it names
// the scribe version to install) and a CODEOWNERS file into the repository
// at dir, each only when absent: a file that is already there is never
// overwritten, and no CODEOWNERS is written when the repository has one in
// any place GitHub reads. It returns the paths it wrote.
func InitGate(dir string, workflow []byte, codeowners []byte) ([]string, error) {
	r, err := Open(dir)
	if err != nil {
		return nil, err
	}
	var written []string
	ok, err := r.writeAbsent(GateWorkflowPath, workflow)
	if err != nil {
		return nil, err
	}
	if ok {
		written = append(written, GateWorkflowPath)
	}
	for _, p := range codeownersPaths {
		if _, err := os.Lstat(r.Abs(p)); !errors.Is(err, fs.ErrNotExist) {
			return written, nil
		}
	}
	if ok, err = r.writeAbsent(CodeownersPath, codeowners); err != nil {
		return nil, err
	}
	if ok {
		written = append(written, CodeownersPath)
	}
	return written, nil
}

// writeAbsent writes data to rel unless something is already there, and
// reports whether it wrote.
func (r *Repo) writeAbsent(rel string, data []byte) (bool, error) {
	if _, err := os.Lstat(r.Abs(rel)); !errors.Is(err, fs.ErrNotExist) {
		return false, err
	}
	if err := r.WriteFile(rel, data); err != nil {
		return false, err
	}
	return true, nil
}

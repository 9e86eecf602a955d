// Package gitrepo is scribe's only way into git, through go-git: no git
// binary is needed at run time.
package gitrepo

import (
	"errors"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
)

// DefaultBranch is the branch a repository created by scribe starts on.
const DefaultBranch = "main"

// Ensure makes dir a git repository unless it already is one or lies
// inside one. It reports whether it created a repository.
func Ensure(dir string) (created bool, err error) {
	_, err = git.PlainOpenWithOptions(dir, &git.PlainOpenOptions{DetectDotGit: true})
	if err == nil {
		return false, nil
	}
	if !errors.Is(err, git.ErrRepositoryNotExists) {
		return false, err
	}
	_, err = git.PlainInitWithOptions(dir, &git.PlainInitOptions{
		InitOptions: git.InitOptions{DefaultBranch: plumbing.NewBranchReferenceName(DefaultBranch)},
	})
	if err != nil {
		return false, err
	}
	return true, nil
}

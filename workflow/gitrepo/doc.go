// Package gitrepo is scribe's only way into git, through go-git: no git
// binary is needed at run time.
package gitrepo

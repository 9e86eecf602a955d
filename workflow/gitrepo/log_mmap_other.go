//go:build !unix

package gitrepo

import "errors"

// mapFile is not available here: packs are read whole instead.
func mapFile(string) ([]byte, func(), error) {
	return nil, nil, errors.New("no memory-mapped files on this system")
}

//go:build !windows

package layout

import (
	"errors"
	"os"
	"syscall"
)

// syncDir flushes a folder's entries to disk, so that a file renamed into
// it stays there after a power loss.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// crossDevice reports whether a rename failed because its two paths are
// on different file systems.
func crossDevice(err error) bool { return errors.Is(err, syscall.EXDEV) }

//go:build !windows

package layout

import "os"

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

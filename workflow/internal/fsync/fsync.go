// Package fsync makes renames durable: the one place scribe flushes a
// folder to disk.
package fsync

import (
	"os"
	"runtime"
)

// Dir flushes a folder's entries to disk, so that a file renamed into it
// stays there after a power loss. Windows cannot open a folder for
// flushing; there it does nothing, the file's content having been flushed
// before the rename.
func Dir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
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

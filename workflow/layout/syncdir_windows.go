package layout

import (
	"errors"
	"syscall"
)

// syncDir does nothing on Windows, where a folder cannot be opened for
// flushing: the file's content is flushed before the rename, and the
// rename is as durable as the file system makes it.
func syncDir(string) error { return nil }

// crossDevice reports whether a rename failed because its two paths are
// on different volumes (ERROR_NOT_SAME_DEVICE).
func crossDevice(err error) bool { return errors.Is(err, syscall.Errno(17)) }

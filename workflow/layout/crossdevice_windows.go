package layout

import (
	"errors"
	"syscall"
)

// crossDevice reports whether a rename failed because its two paths are
// on different volumes (ERROR_NOT_SAME_DEVICE).
func crossDevice(err error) bool { return errors.Is(err, syscall.Errno(17)) }

//go:build !unix

package layout

import "os"

func readWhole(name string) ([]byte, error) { return os.ReadFile(name) }

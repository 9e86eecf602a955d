package gitrepo

import (
	"os"
	"path/filepath"
	"testing"
)

func TestEnsureCreates(t *testing.T) {
	dir := t.TempDir()
	created, err := Ensure(dir)
	if err != nil {
		t.Fatalf("Ensure: %v", err)
	}
	if !created {
		t.Error("Ensure in an empty directory reported no repository created")
	}
	fi, err := os.Stat(filepath.Join(dir, ".git"))
	if err != nil || !fi.IsDir() {
		t.Fatalf(".git is not a directory: %v", err)
	}
	head, err := os.ReadFile(filepath.Join(dir, ".git", "HEAD"))
	if err != nil {
		t.Fatal(err)
	}
	if string(head) != "ref: refs/heads/main\n" {
		t.Errorf(".git/HEAD = %q, want the main branch", head)
	}

	created, err = Ensure(dir)
	if err != nil || created {
		t.Errorf("Ensure on the repository it made = %v, %v; want false, nil", created, err)
	}
}

func TestEnsureInsideRepository(t *testing.T) {
	dir := t.TempDir()
	if _, err := Ensure(dir); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(dir, "transcriptions", "doc")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	created, err := Ensure(sub)
	if err != nil {
		t.Fatalf("Ensure in a subdirectory: %v", err)
	}
	if created {
		t.Error("Ensure made a nested repository inside an existing one")
	}
	if _, err := os.Stat(filepath.Join(sub, ".git")); !os.IsNotExist(err) {
		t.Errorf("a .git appeared in the subdirectory: %v", err)
	}
}

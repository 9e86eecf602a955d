package gitrepo

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing/transport"
	"github.com/go-git/go-git/v5/plumbing/transport/http"
)

// Push sends one branch to a remote. SSH remotes use the SSH agent, as
// git does. An HTTPS remote on the forge, the origin of GITHUB_SERVER_URL
// (https://github.com when unset), gets the token in SCRIBE_GIT_TOKEN or
// GITHUB_TOKEN; any other remote, or the forge without a token, gets the
// line of ~/.git-credentials for its scheme, host and port. A token from
// the environment never goes to another host, port or over plain http:
// set GITHUB_SERVER_URL to push to another forge with it. Credentials
// never appear in messages.
func (r *Repo) Push(ctx context.Context, remote, branch string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	rem, err := r.git.Remote(remote)
	if err != nil {
		return fmt.Errorf("no remote %q: add it with git remote add, or name an existing one", remote)
	}
	urls := rem.Config().URLs
	if len(urls) == 0 {
		return fmt.Errorf("remote %q has no URL", remote)
	}
	ref := "refs/heads/" + branch
	// Through the lock-protocol storage, so that the remote-tracking ref
	// the push updates is written the way every other ref is.
	err = git.NewRemote(r.safe, rem.Config()).PushContext(ctx, &git.PushOptions{
		RemoteName: remote,
		RefSpecs:   []config.RefSpec{config.RefSpec(ref + ":" + ref)},
		Auth:       auth(urls[0]),
	})
	if errors.Is(err, git.NoErrAlreadyUpToDate) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("push of %s to %s (%s) failed: %s", branch, remote, cleanURL(urls[0]), strings.ReplaceAll(err.Error(), urls[0], cleanURL(urls[0])))
	}
	return nil
}

// cleanURL removes credentials from a URL before it appears in a message.
func cleanURL(u string) string {
	if at := strings.LastIndex(u, "@"); at >= 0 {
		if scheme := strings.Index(u, "://"); scheme >= 0 && scheme < at {
			return u[:scheme+3] + "***" + u[at:]
		}
	}
	return u
}

// defaultForge is the forge when GITHUB_SERVER_URL is unset.
const defaultForge = "https://github.com"

// auth returns the credentials for a remote URL, or nil to send none.
func auth(rawURL string) transport.AuthMethod {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") {
		return nil // ssh (agent) and local paths need nothing from us
	}
	if tok := envToken(); tok != "" && onForge(u) {
		return &http.BasicAuth{Username: "x-access-token", Password: tok}
	}
	if user, pass, ok := storedCredentials(u); ok {
		return &http.BasicAuth{Username: user, Password: pass}
	}
	return nil
}

// envToken is the token in SCRIBE_GIT_TOKEN or else GITHUB_TOKEN.
func envToken() string {
	for _, env := range []string{"SCRIBE_GIT_TOKEN", "GITHUB_TOKEN"} {
		if tok := os.Getenv(env); tok != "" {
			return tok
		}
	}
	return ""
}

// onForge reports whether u is an https URL on the forge the token from
// the environment is for: the origin of GITHUB_SERVER_URL, itself https.
func onForge(u *url.URL) bool {
	server := os.Getenv("GITHUB_SERVER_URL")
	if server == "" {
		server = defaultForge
	}
	f, err := url.Parse(server)
	if err != nil {
		return false
	}
	forge, ok := originOf(f)
	if !ok || forge.scheme != "https" {
		return false
	}
	remote, ok := originOf(u)
	return ok && remote == forge
}

// origin is what credentials are for: a scheme, a host in lower case
// without a trailing dot, and a port, explicit.
type origin struct {
	scheme, host string
	port         int
}

// originOf is the origin of an http or https URL; ok is false for
// another scheme, no host or a port that is not a number.
func originOf(u *url.URL) (o origin, ok bool) {
	o.scheme = strings.ToLower(u.Scheme)
	o.host = strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	switch o.scheme {
	case "https":
		o.port = 443
	case "http":
		o.port = 80
	default:
		return origin{}, false
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil {
			return origin{}, false
		}
		o.port = n
	}
	return o, o.host != ""
}

// storedCredentials reads git's plain credential store for a remote: the
// line with the remote's scheme, host and port (and user name, when the
// remote names one) whose path, if it has one, holds the remote's path;
// the longest such path wins, then the first line.
func storedCredentials(remote *url.URL) (user, pass string, ok bool) {
	want, ok := originOf(remote)
	if !ok {
		return "", "", false
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", "", false
	}
	f, err := os.Open(filepath.Join(home, ".git-credentials"))
	if err != nil {
		return "", "", false
	}
	defer f.Close()
	best := -1
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		u, err := url.Parse(strings.TrimSpace(sc.Text()))
		if err != nil || u.User == nil {
			continue
		}
		if o, ok := originOf(u); !ok || o != want {
			continue
		}
		if remote.User != nil && remote.User.Username() != "" && remote.User.Username() != u.User.Username() {
			continue
		}
		n, ok := pathPrefix(u.Path, remote.Path)
		if !ok || n <= best {
			continue
		}
		p, _ := u.User.Password()
		user, pass, best = u.User.Username(), p, n
	}
	return user, pass, best >= 0
}

// pathPrefix reports whether the path of a stored credential holds a
// remote's path, whole segments, and how long the match is: an empty path
// holds every path.
func pathPrefix(stored, remote string) (n int, ok bool) {
	stored = strings.Trim(stored, "/")
	remote = strings.Trim(remote, "/")
	switch {
	case stored == "":
		return 0, true
	case remote == stored || strings.HasPrefix(remote, stored+"/"):
		return len(stored), true
	}
	return 0, false
}

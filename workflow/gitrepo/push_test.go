package gitrepo

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing/transport"
	githttp "github.com/go-git/go-git/v5/plumbing/transport/http"
)

const testToken = "env-token-not-for-strangers"

// authEnv sets the environment auth reads: the tokens, the forge and a
// home whose ~/.git-credentials holds creds (none when empty).
func authEnv(t *testing.T, scribeToken, githubToken, server, creds string) {
	t.Helper()
	t.Setenv("SCRIBE_GIT_TOKEN", scribeToken)
	t.Setenv("GITHUB_TOKEN", githubToken)
	t.Setenv("GITHUB_SERVER_URL", server)
	home := t.TempDir()
	t.Setenv("HOME", home)
	if creds != "" {
		if err := os.WriteFile(filepath.Join(home, ".git-credentials"), []byte(creds), 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// basic is the user and password of an auth method, "" for none.
func basic(t *testing.T, a transport.AuthMethod) string {
	t.Helper()
	if a == nil {
		return ""
	}
	b, ok := a.(*githttp.BasicAuth)
	if !ok {
		t.Fatalf("auth is a %T, not basic auth", a)
	}
	return b.Username + ":" + b.Password
}

// TestAuth checks which remote gets which credentials: the environment's
// token only the forge over https, on its port; ~/.git-credentials only
// the scheme, host and port it names.
func TestAuth(t *testing.T) {
	const creds = "https://stored:pw@github.com\n" +
		"https://other:pw2@git.example.org\n" +
		"http://plain:pw3@insecure.example:8080\n" +
		"https://scoped:pw4@scoped.example/team/repo.git\n" +
		"https://wide:pw5@scoped.example\n" +
		"https://ann:pw6@named.example\n" +
		"https://bob:pw7@named.example\n"
	token := "x-access-token:" + testToken
	for _, tc := range []struct {
		name                         string
		scribe, github, server, file string
		remote, want                 string
	}{
		{"forge", "", testToken, "", "", "https://github.com/o/r.git", token},
		{"forge with SCRIBE_GIT_TOKEN", testToken, "another", "", "", "https://github.com/o/r.git", token},
		{"forge in upper case", "", testToken, "", "", "https://GitHub.COM/o/r.git", token},
		{"forge on its default port", "", testToken, "", "", "https://github.com:443/o/r.git", token},
		{"forge with a user name", "", testToken, "", "", "https://ann@github.com/o/r.git", token},
		{"another host", "", testToken, "", "", "https://evil.example/o/r.git", ""},
		{"plain http to the forge", "", testToken, "", "", "http://github.com/o/r.git", ""},
		{"a host that starts like the forge", "", testToken, "", "", "https://github.com.evil.example/o/r.git", ""},
		{"a host that ends like the forge", "", testToken, "", "", "https://evilgithub.com/o/r.git", ""},
		{"the forge on another port", "", testToken, "", "", "https://user@github.com:444/o/r.git", ""},
		{"the forge with a user that looks like a host", "", testToken, "", "", "https://github.com@evil.example/o/r.git", ""},
		{"GITHUB_SERVER_URL's host", "", testToken, "https://git.example.org", "", "https://git.example.org/o/r.git", token},
		{"github.com when the forge is another", "", testToken, "https://git.example.org", "", "https://github.com/o/r.git", ""},
		{"GITHUB_SERVER_URL's port", "", testToken, "https://git.example.org:8443", "", "https://git.example.org:8443/o/r.git", token},
		{"not GITHUB_SERVER_URL's port", "", testToken, "https://git.example.org:8443", "", "https://git.example.org/o/r.git", ""},
		{"a forge on plain http", "", testToken, "http://git.example.org", "", "http://git.example.org/o/r.git", ""},
		{"no token", "", "", "", "", "https://github.com/o/r.git", ""},
		{"ssh", "", testToken, "", "", "git@github.com:o/r.git", ""},
		{"ssh URL", "", testToken, "", "", "ssh://git@github.com/o/r.git", ""},

		{"stored for the forge without a token", "", "", "", creds, "https://github.com/o/r.git", "stored:pw"},
		{"the token before the stored line", "", testToken, "", creds, "https://github.com/o/r.git", token},
		{"stored for another host", "", testToken, "", creds, "https://git.example.org/o/r.git", "other:pw2"},
		{"stored, host in upper case", "", "", "", creds, "https://GIT.example.org/o/r.git", "other:pw2"},
		{"nothing stored for the host", "", testToken, "", creds, "https://evil.example/o/r.git", ""},
		{"stored for https, not http", "", "", "", creds, "http://git.example.org/o/r.git", ""},
		{"stored for another port", "", "", "", creds, "https://git.example.org:444/o/r.git", ""},
		{"stored for http explicitly", "", testToken, "", creds, "http://insecure.example:8080/o/r.git", "plain:pw3"},
		{"stored for http, another port", "", "", "", creds, "http://insecure.example/o/r.git", ""},
		{"stored for a path that holds the remote", "", "", "", creds, "https://scoped.example/team/repo.git", "scoped:pw4"},
		{"stored for a path and the host", "", "", "", creds, "https://scoped.example/team/other.git", "wide:pw5"},
		{"stored for the user the remote names", "", "", "", creds, "https://bob@named.example/o/r.git", "bob:pw7"},
		{"stored for no user the remote names", "", "", "", creds, "https://carl@named.example/o/r.git", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			authEnv(t, tc.scribe, tc.github, tc.server, tc.file)
			if got := basic(t, auth(tc.remote)); got != tc.want {
				t.Errorf("auth(%s) = %q, want %q", tc.remote, got, tc.want)
			}
		})
	}
}

// recorder is a remote over plain http that records the Authorization
// header of every request and asks for credentials.
type recorder struct {
	mu     sync.Mutex
	auth   []string
	server *httptest.Server
}

func newRecorder(t *testing.T) *recorder {
	rec := &recorder{}
	rec.server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec.mu.Lock()
		rec.auth = append(rec.auth, r.Header.Get("Authorization"))
		rec.mu.Unlock()
		w.Header().Set("WWW-Authenticate", `Basic realm="test"`)
		http.Error(w, "authentication required", http.StatusUnauthorized)
	}))
	t.Cleanup(rec.server.Close)
	return rec
}

func (rec *recorder) headers() []string {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return append([]string(nil), rec.auth...)
}

// pushTo commits a file and pushes main to url through Repo.Push.
func pushTo(t *testing.T, url string) error {
	t.Helper()
	wr := newWorktreeRepo(t)
	wr.write("a.txt", "a\n")
	wr.commit("jane", 1, "first")
	if _, err := wr.g.CreateRemote(&config.RemoteConfig{Name: "origin", URLs: []string{url}}); err != nil {
		t.Fatal(err)
	}
	return wr.open().Push(context.Background(), "origin", DefaultBranch)
}

// TestPushSendsNoTokenToOtherHosts pushes to a local remote over plain
// http with GITHUB_TOKEN set: no token may arrive, whatever
// GITHUB_SERVER_URL says; a line of ~/.git-credentials for that very http
// remote does.
func TestPushSendsNoTokenToOtherHosts(t *testing.T) {
	for _, tc := range []struct {
		name, server string
		creds        bool
		want         string
	}{
		{name: "default forge"},
		{name: "forge on this host over http", server: "self"},
		{name: "stored for this host", creds: true, want: "Basic c3RvcmVkOnB3"}, // stored:pw
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := newRecorder(t)
			server, creds := tc.server, ""
			if server == "self" {
				server = rec.server.URL
			}
			if tc.creds {
				creds = strings.Replace(rec.server.URL, "http://", "http://stored:pw@", 1) + "\n"
			}
			authEnv(t, "", testToken, server, creds)
			err := pushTo(t, rec.server.URL+"/o/r.git")
			if err == nil {
				t.Fatal("push to a remote that refuses it succeeded")
			}
			if strings.Contains(err.Error(), testToken) || strings.Contains(err.Error(), ":pw@") {
				t.Errorf("the error shows credentials: %v", err)
			}
			got := rec.headers()
			if len(got) == 0 {
				t.Fatal("the remote got no request")
			}
			for _, h := range got {
				if h != tc.want {
					t.Errorf("the remote got Authorization %q, want %q", h, tc.want)
				}
			}
		})
	}
}

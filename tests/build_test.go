package tests

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/validate"

	"github.com/tent-dev/tent/internal/testutil"
)

// cachedStep reports whether the step whose title contains title said CACHED.
func cachedStep(out, title string) bool {
	num := ""
	for _, s := range strings.Split(out, "\n") {
		if num == "" && strings.Contains(s, title) {
			num = strings.Fields(s)[0]
		}
		if num != "" && s == num+" CACHED" {
			return true
		}
	}
	return false
}

const tutorialDockerfile = `ARG BASE=tent-test/busybox:latest
FROM $BASE
WORKDIR /app
ENV APP_ENV=production
COPY requirements.txt .
RUN echo "installed: $(cat requirements.txt)" > /app/deps.txt
COPY . .
EXPOSE 8000
RUN adduser -D -u 1001 appuser 2>/dev/null || echo 'appuser:x:1001:1001::/app:/bin/sh' >> /etc/passwd
USER 1001
HEALTHCHECK --interval=30s --timeout=3s --retries=2 CMD wget -q -O- http://127.0.0.1:8000/ || exit 1
CMD ["httpd", "-f", "-p", "8000", "-h", "/app"]
`

// TestBuildTutorialApp is the Docker tutorial, offline: build, run with
// -p, fetch the page, change the code and rebuild with the requirements
// step from the cache.
func TestBuildTutorialApp(t *testing.T) {
	busyboxImage(t)
	before := leakSnapshot(t)
	dir := testutil.WriteTree(t, map[string]string{"Dockerfile": tutorialDockerfile,
		"requirements.txt": "flask==3.0\n", "index.html": "version one"})
	r := tent(t, "build", "-t", "tutorial:1", "-t", "tutorial:latest", dir)
	mustSucceed(t, r)
	t.Cleanup(func() { tent(t, "rmi", "-f", "tutorial:1", "tutorial:latest", "tutorial:2") })
	serveAndGet(t, "tutorial:1", "version one")
	checkTutorialConfig(t)

	os.WriteFile(filepath.Join(dir, "index.html"), []byte("version two"), 0o644)
	r = tent(t, "build", "--progress", "plain", "-t", "tutorial:2", dir)
	mustSucceed(t, r)
	for _, step := range []string{"COPY requirements.txt .", "RUN echo"} {
		if !cachedStep(r.Stderr, step) {
			t.Errorf("%s not CACHED on the rebuild:\n%s", step, r.Stderr)
		}
	}
	if cachedStep(r.Stderr, "COPY . .") {
		t.Errorf("COPY . . CACHED after the code changed:\n%s", r.Stderr)
	}
	serveAndGet(t, "tutorial:2", "version two")
	r = tent(t, "build", "--no-cache", "-q", "-t", "tutorial:2", dir)
	mustSucceed(t, r)
	if strings.Contains(r.Stderr, "CACHED") || !strings.HasPrefix(r.Stdout, "sha256:") {
		t.Errorf("--no-cache -q:\n%s", r)
	}
	netAssertNoLeaks(t, before) // the store's bridge and its rules stay, by design
}

func serveAndGet(t *testing.T, ref, want string) {
	t.Helper()
	port := netFreePort(t)
	r := tent(t, "run", "-d", "-p", fmt.Sprintf("127.0.0.1:%d:8000", port), ref)
	mustSucceed(t, r)
	id := strings.TrimSpace(r.Stdout)
	defer tent(t, "rm", "-f", id)
	netWaitHTTP(t, fmt.Sprintf("http://127.0.0.1:%d/index.html", port), want)
	if r := tent(t, "exec", id, "cat", "/app/deps.txt"); r.Stdout != "installed: flask==3.0\n" {
		t.Errorf("deps.txt:\n%s", r)
	}
}

func checkTutorialConfig(t *testing.T) {
	t.Helper()
	r := tent(t, "image", "inspect", "tutorial:1")
	mustSucceed(t, r)
	for _, want := range []string{`"User": "1001"`, `"8000/tcp": {}`, `"APP_ENV=production"`, `"WorkingDir": "/app"`,
		`"CMD-SHELL"`, `"Retries": 2`, `"created_by": "COPY requirements.txt ."`, `"empty_layer": true`} {
		if !strings.Contains(r.Stdout, want) {
			t.Errorf("image config lacks %s:\n%s", want, r.Stdout)
		}
	}
	if r := tent(t, "images"); strings.Contains(r.Stdout, "<none>") {
		t.Errorf("tent images shows the build's step images:\n%s", r.Stdout)
	}
	tarPath := filepath.Join(t.TempDir(), "img.tar")
	mustSucceed(t, tent(t, "save", "-o", tarPath, "tutorial:1"))
	tag, _ := name.NewTag("tutorial:1")
	img, err := tarball.ImageFromPath(tarPath, &tag)
	if err != nil {
		t.Fatal(err)
	}
	if err := validate.Image(img); err != nil {
		t.Errorf("go-containerregistry's validate: %v", err)
	}
}

// TestBuildMultiStageIgnoreAdd: the final image lacks the builder's files
// (made by a RUN heredoc);
// .dockerignore with an exception; ADD of a tar; COPY --chown/--chmod.
func TestBuildMultiStageIgnoreAdd(t *testing.T) {
	img := busyboxImage(t)
	dir := testutil.WriteTree(t, map[string]string{
		"Dockerfile": `FROM ` + img + ` AS builder
ARG MSG=default
RUN <<EOF
mkdir /out
echo "$MSG" > /out/app
echo junk > /builder-junk
EOF
FROM ` + img + `
COPY --from=builder /out/app /usr/local/bin/app
COPY --chown=1000:1000 --chmod=640 conf/ /etc/app/
COPY secret* /s/
ADD files.tar /unpacked/
LABEL stage=final
`,
		"conf/a.conf": "a", "secrets/x": "nope", "secrets/keep": "kept", "secret.txt": "hidden",
		".dockerignore": "secret*\n!secrets/keep\n"})
	tarCmd := runCmd(t, os.Environ(), "tar", "-cf", filepath.Join(dir, "files.tar"), "-C", filepath.Join(dir, "conf"), ".")
	mustSucceed(t, tarCmd)
	r := tent(t, "build", "--build-arg", "MSG=from-arg", "--label", "extra=1", "-t", "multi:1", dir)
	mustSucceed(t, r)
	t.Cleanup(func() { tent(t, "rmi", "-f", "multi:1") })
	r = tent(t, "run", "--rm", "multi:1", "sh", "-c",
		"cat /usr/local/bin/app; ls /builder-junk 2>&1; stat -c '%u:%g %a' /etc/app/a.conf; ls /s; cat /unpacked/a.conf")
	want := "from-arg\nls: /builder-junk: No such file or directory\n1000:1000 640\nkeep\na"
	if strings.TrimSpace(r.Stdout) != want {
		t.Errorf("multi-stage image:\n%s\nwant stdout:\n%s", r, want)
	}
	r = tent(t, "image", "inspect", "multi:1")
	if !strings.Contains(r.Stdout, `"extra": "1"`) || !strings.Contains(r.Stdout, `"stage": "final"`) {
		t.Errorf("labels:\n%s", r.Stdout)
	}
}

// TestBuildErrors: each names its Dockerfile line, exits non-zero and
// leaves nothing: no container, mount, cgroup, netns, tag.
func TestBuildErrors(t *testing.T) {
	img := busyboxImage(t)
	before := leakSnapshot(t)
	for _, tc := range []struct{ name, dockerfile, want string }{
		{"unknown", "FROM " + img + "\nRUN true\nFROBNICATE x\n", "Dockerfile:3: unknown instruction: FROBNICATE"},
		{"run", "FROM " + img + "\nRUN echo ok\nRUN echo failing; exit 3\n", "Dockerfile:3: RUN failed: process \"/bin/sh -c echo failing; exit 3\" did not complete successfully: exit code: 3"},
		{"missing", "FROM " + img + "\nCOPY nothere /x\n", "Dockerfile:2: COPY failed: nothere: not found"},
		{"outside", "FROM " + img + "\nCOPY ../etc/passwd /x\n", "Dockerfile:2: COPY failed: forbidden path outside the build context"},
		{"platform", "FROM --platform=linux/s390x " + img + "\n", "Dockerfile:1: FROM failed: platform \"linux/s390x\" is not supported"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := testutil.WriteTree(t, map[string]string{"Dockerfile": tc.dockerfile})
			r := tent(t, "build", "-t", "broken:"+tc.name, dir)
			if r.Code == 0 || !strings.Contains(r.Stderr, tc.want) {
				t.Fatalf("want a failure naming %q:\n%s", tc.want, r)
			}
			if r := tent(t, "image", "inspect", "broken:"+tc.name); r.Code == 0 {
				t.Errorf("a failed build tagged its image")
			}
		})
	}
	dir := testutil.WriteTree(t, map[string]string{"Dockerfile": "FROM " + img + "\n"})
	if r := tent(t, "build", "--platform", "linux/ppc64le", dir); r.Code == 0 || !strings.Contains(r.Stderr, "not supported") {
		t.Errorf("--platform of another arch:\n%s", r)
	}
	if r := tent(t, "ps", "-a", "-q"); strings.TrimSpace(r.Stdout) != "" {
		t.Errorf("containers left by failed builds:\n%s", r.Stdout)
	}
	netAssertNoLeaks(t, before)
}

// TestBuildCopyEscape: symlinks in the image (absolute and ..) and in the
// context never make COPY write or read outside the stage's root.
func TestBuildCopyEscape(t *testing.T) {
	img := busyboxImage(t)
	host := t.TempDir()
	secret := filepath.Join(host, "secret")
	os.WriteFile(secret, []byte("host secret"), 0o600)
	dir := testutil.WriteTree(t, map[string]string{"f": "payload", "Dockerfile": `FROM ` + img + `
RUN mkdir -p ` + host + ` && ln -s ` + host + ` /abs && ln -s ../../../../../../..` + host + ` /rel && mkdir -p /d && ln -s ` + host + `/x /d/file
COPY f /abs/
COPY f /rel/
COPY f /d/file
COPY leak /leak
`})
	if err := os.Symlink(secret, filepath.Join(dir, "leak")); err != nil {
		t.Fatal(err)
	}
	r := tent(t, "build", "-t", "escape:1", dir)
	if r.Code == 0 || !strings.Contains(r.Stderr, "Dockerfile:6: COPY failed") {
		t.Errorf("COPY of a context symlink to a host file:\n%s", r)
	}
	os.Remove(filepath.Join(dir, "leak"))
	os.WriteFile(filepath.Join(dir, "leak"), []byte("fine"), 0o644)
	r = tent(t, "build", "-t", "escape:1", dir)
	mustSucceed(t, r)
	t.Cleanup(func() { tent(t, "rmi", "-f", "escape:1") })
	ents, _ := os.ReadDir(host)
	if len(ents) != 1 {
		t.Fatalf("COPY wrote on the host through a symlink in the image: %v", ents)
	}
	r = tent(t, "run", "--rm", "escape:1", "sh", "-c", "cat "+host+"/f /d/file")
	if !strings.HasPrefix(r.Stdout, "payloadpayload") {
		t.Errorf("the copies should be inside the image, under %s:\n%s", host, r)
	}
}

// TestBuildStdinTargetPrune: a context tar on stdin, --target, --iidfile,
// ONBUILD triggers of the base, and tent builder prune emptying the cache.
func TestBuildStdinTargetPrune(t *testing.T) {
	img := busyboxImage(t)
	dir := testutil.WriteTree(t, map[string]string{"f.txt": "from the tar", "Dockerfile": `FROM ` + img + ` AS base
ONBUILD COPY f.txt /triggered.txt
RUN echo base > /base.txt
FROM base AS child
RUN cat /triggered.txt
FROM ` + img + `
RUN echo never-built
`})
	tarPath := filepath.Join(t.TempDir(), "ctx.tar")
	mustSucceed(t, runCmd(t, os.Environ(), "tar", "-cf", tarPath, "-C", dir, "."))
	iid := filepath.Join(t.TempDir(), "iid")
	cmd := tentCmd(t, "build", "--target", "base", "--iidfile", iid, "-t", "onbuild-base:1", "-")
	stdin, _ := os.Open(tarPath)
	defer stdin.Close()
	cmd.Stdin = stdin
	out, err := cmd.CombinedOutput()
	if err != nil || strings.Contains(string(out), "never-built") {
		t.Fatalf("build from stdin, --target base: %v\n%s", err, out)
	}
	t.Cleanup(func() { tent(t, "rmi", "-f", "onbuild-base:1", "onbuild-child:1") })
	id, _ := os.ReadFile(iid)
	if r := tent(t, "image", "inspect", "onbuild-base:1"); !strings.Contains(r.Stdout, string(id)) || !strings.Contains(r.Stdout, `"COPY f.txt /triggered.txt"`) {
		t.Errorf("--iidfile %q, ONBUILD in the config:\n%s", id, r.Stdout)
	}
	child := testutil.WriteTree(t, map[string]string{"f.txt": "triggered", "Dockerfile": "FROM onbuild-base:1\nRUN cat /triggered.txt\n"})
	mustSucceed(t, tent(t, "build", "-t", "onbuild-child:1", child))
	if r := tent(t, "run", "--rm", "onbuild-child:1", "cat", "/triggered.txt"); r.Stdout != "triggered" {
		t.Errorf("the base's ONBUILD COPY did not run:\n%s", r)
	}
	mustSucceed(t, tent(t, "builder", "prune", "-f"))
	r := tent(t, "build", "-t", "onbuild-child:1", child)
	mustSucceed(t, r)
	if strings.Contains(r.Stderr, "CACHED") {
		t.Errorf("CACHED after tent builder prune:\n%s", r.Stderr)
	}
}

package main

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"time"
)

// pullEnv is what the pull contenders share: a docker-registry on loopback
// holding the big image twice (seeds 0 and 1: four of five layers shared).
type pullEnv struct {
	once   sync.Once
	err    error
	host   string   // 127.0.0.1:PORT
	layers []string // blob digests of big:1, for the floor
}

var pulls pullEnv

const (
	bigRef    = "/bench/big:1" // after the host
	bigRefTwo = "/bench/big:2"
)

// pulls starts the registry and pushes the images, once per bench run.
func (e *env) pulls() (*pullEnv, error) {
	pulls.once.Do(func() { pulls.err = pulls.start(e) })
	return &pulls, pulls.err
}

func (p *pullEnv) start(e *env) error {
	mk, err := e.bin("tent-mkimage")
	if err != nil {
		return err
	}
	if p.host, _, err = startRegistry(e); err != nil {
		return err
	}
	for ref, seed := range map[string]string{bigRef: "0", bigRefTwo: "1"} {
		if err := run(exec.Command(mk, "--variant", "big", "--seed", seed, "--push", p.host+ref)); err != nil {
			return err
		}
	}
	p.layers, err = layerDigests("http://" + p.host + "/v2/bench/big/manifests/1")
	return err
}

// startRegistry starts a docker-registry on a free loopback port with its
// storage in a fresh dir of e's tmp; it dies with the bench (Pdeathsig) or
// when stop is called.
func startRegistry(e *env) (host string, stop func(), err error) {
	exe, err := need("docker-registry")
	if err != nil {
		return "", nil, err
	}
	dir, err := e.dir("registry")
	if err != nil {
		return "", nil, err
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	host = l.Addr().String()
	l.Close()
	conf := fmt.Sprintf("version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n    rootdirectory: %s\nhttp:\n  addr: %s\n",
		filepath.Join(dir, "data"), host)
	if err := os.WriteFile(filepath.Join(dir, "config.yml"), []byte(conf), 0o644); err != nil {
		return "", nil, err
	}
	cmd := exec.Command(exe, "serve", filepath.Join(dir, "config.yml"))
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		return "", nil, fmt.Errorf("start docker-registry: %w", err)
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	stop = func() { cmd.Process.Kill(); <-done; os.RemoveAll(dir) }
	if err := waitHTTP("http://" + host + "/v2/"); err != nil {
		stop()
		return "", nil, err
	}
	return host, stop, nil
}

func waitHTTP(url string) error {
	c := &http.Client{Timeout: time.Second}
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if resp, err := c.Get(url); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
	}
	return fmt.Errorf("registry did not answer %s", url)
}

package spec

import (
	"errors"
	"fmt"
	"io/fs"
	"reflect"
	"strings"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	specs "github.com/opencontainers/runtime-spec/specs-go"
)

func TestUserAndWorkdir(t *testing.T) {
	for _, tc := range []struct {
		name, imageUser, flag, imageWd, flagWd string
		want                                   specs.User
		wantCwd, wantErr                       string
	}{
		{name: "default root", want: specs.User{}, wantCwd: "/"},
		{name: "uid", flag: "1000", want: specs.User{UID: 1000, GID: 1000, AdditionalGids: []uint32{10, 29}}, wantCwd: "/"},
		{name: "unknown uid", flag: "4242", want: specs.User{UID: 4242}, wantCwd: "/"},
		{name: "uid:gid", flag: "4242:7", want: specs.User{UID: 4242, GID: 7}, wantCwd: "/"},
		{name: "name", flag: "tentuser", want: specs.User{UID: 1000, GID: 1000, AdditionalGids: []uint32{10, 29}}, wantCwd: "/"},
		{name: "name:group", flag: "tentuser:wheel", want: specs.User{UID: 1000, GID: 10, AdditionalGids: []uint32{29}}, wantCwd: "/"},
		{name: "name:gid", flag: "tentuser:29", want: specs.User{UID: 1000, GID: 29, AdditionalGids: []uint32{10}}, wantCwd: "/"},
		{name: "image user and workdir", imageUser: "nobody", imageWd: "/srv", want: specs.User{UID: 65534, GID: 65534, AdditionalGids: []uint32{29}}, wantCwd: "/srv"},
		{name: "flag beats image", imageUser: "nobody", flag: "0", imageWd: "/srv", flagWd: "/tmp", want: specs.User{}, wantCwd: "/tmp"},
		{name: "unknown name", flag: "ghost", wantErr: "unable to find user ghost"},
		{name: "unknown group", flag: "tentuser:ghosts", wantErr: "unable to find group ghosts"},
		{name: "uid too big", flag: "4294967296", wantErr: "unable to find user 4294967296"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := v1.Config{Cmd: []string{"sh"}, User: tc.imageUser, WorkingDir: tc.imageWd}
			s, err := New(cfg, WithUserDB(testUsers), WithUser(tc.flag), WithWorkdir(tc.flagWd))
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(s.Process.User, tc.want) || s.Process.Cwd != tc.wantCwd {
				t.Fatalf("user %+v cwd %q, want %+v %q", s.Process.User, s.Process.Cwd, tc.want, tc.wantCwd)
			}
		})
	}
}

func TestUserWithoutPasswd(t *testing.T) {
	s := mustNew(t, busybox, WithUser("1000:1000"))
	if s.Process.User.UID != 1000 || s.Process.User.GID != 1000 {
		t.Fatalf("user = %+v", s.Process.User)
	}
	if _, err := New(busybox, WithUser("tentuser")); err == nil {
		t.Fatal("a name without /etc/passwd: want an error")
	}
}

func TestReadUserDB(t *testing.T) {
	files := map[string]string{"/etc/passwd": "root:x:0:0:root:/root:/bin/sh\n"}
	var asked []string
	r := FileReaderFunc(func(p string) ([]byte, error) {
		asked = append(asked, p)
		b, ok := files[p]
		if !ok {
			return nil, fmt.Errorf("read %s from layers: %w", p, fs.ErrNotExist)
		}
		return []byte(b), nil
	})
	db, err := ReadUserDB(r)
	if err != nil || string(db.Passwd) != files["/etc/passwd"] || db.Group != nil {
		t.Fatalf("db %+v, err %v", db, err)
	}
	if want := []string{"/etc/passwd", "/etc/group"}; !reflect.DeepEqual(asked, want) {
		t.Fatalf("read %q, want %q", asked, want)
	}
	failing := FileReaderFunc(func(string) ([]byte, error) { return nil, fs.ErrPermission })
	if _, err := ReadUserDB(failing); !errors.Is(err, fs.ErrPermission) || !strings.Contains(err.Error(), "/etc/passwd") {
		t.Fatalf("err = %v, want the permission error naming /etc/passwd", err)
	}
}

package spec

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"strings"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// FileReader reads a file of the container's root filesystem by its
// absolute path inside it. A missing file is an error wrapping
// fs.ErrNotExist. Implementations must not follow symlinks out of that
// root filesystem.
type FileReader interface {
	ReadFile(path string) ([]byte, error)
}

// FileReaderFunc is a function that is a FileReader.
type FileReaderFunc func(path string) ([]byte, error)

// ReadFile calls f(path).
func (f FileReaderFunc) ReadFile(path string) ([]byte, error) { return f(path) }

// UserDB is the contents of an image's /etc/passwd and /etc/group (nil: absent).
type UserDB struct {
	Passwd, Group []byte
}

// ReadUserDB reads /etc/passwd and /etc/group through r; a missing file is nil.
func ReadUserDB(r FileReader) (UserDB, error) {
	var db UserDB
	for _, f := range []struct {
		path string
		data *[]byte
	}{{"/etc/passwd", &db.Passwd}, {"/etc/group", &db.Group}} {
		b, err := r.ReadFile(f.path)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return UserDB{}, fmt.Errorf("read the image's %s: %w", f.path, err)
		}
		*f.data = b
	}
	return db, nil
}

// ResolveUser turns a user (uid[:gid] | name[:group], "" is root) into
// ids against db, as Docker does: a name must exist; a numeric uid need not
// (gid 0, HOME /, /root for uid 0); a named user also gets the
// supplementary groups that list it. home is the user's HOME.
func ResolveUser(user string, db UserDB) (u specs.User, home string, err error) {
	userPart, groupPart, hasGroup := strings.Cut(user, ":")
	if userPart == "" {
		userPart = "0"
	}
	ent, found := findPasswd(db.Passwd, userPart)
	switch {
	case found:
		u.UID, u.GID, home = ent.uid, ent.gid, ent.home
	case isNumber(userPart):
		uid, err := parseID(userPart)
		if err != nil {
			return u, "", err
		}
		u.UID, home = uid, "/"
		if uid == 0 {
			home = "/root"
		}
	default:
		return u, "", fmt.Errorf("unable to find user %s: no matching entries in passwd file", userPart)
	}
	if hasGroup {
		gid, err := resolveGroup(groupPart, db.Group)
		if err != nil {
			return u, "", err
		}
		u.GID = gid
	}
	if found {
		u.AdditionalGids = supplementary(db.Group, ent.name, u.GID)
	}
	return u, home, nil
}

func resolveGroup(g string, group []byte) (uint32, error) {
	for _, f := range colonLines(group, 4) {
		if f[0] == g || f[2] == g {
			return parseID(f[2])
		}
	}
	if isNumber(g) {
		return parseID(g)
	}
	return 0, fmt.Errorf("unable to find group %s: no matching entries in group file", g)
}

type passwdEntry struct {
	name     string
	uid, gid uint32
	home     string
}

// findPasswd looks a user up by name or uid in passwd-format data.
func findPasswd(passwd []byte, who string) (passwdEntry, bool) {
	for _, f := range colonLines(passwd, 7) {
		if f[0] != who && f[2] != who {
			continue
		}
		uid, err1 := parseID(f[2])
		gid, err2 := parseID(f[3])
		if err1 != nil || err2 != nil {
			continue
		}
		return passwdEntry{name: f[0], uid: uid, gid: gid, home: f[5]}, true
	}
	return passwdEntry{}, false
}

// supplementary lists the gids of groups naming user as a member, except primary.
func supplementary(group []byte, user string, primary uint32) []uint32 {
	var out []uint32
	for _, f := range colonLines(group, 4) {
		gid, err := parseID(f[2])
		if err != nil || gid == primary {
			continue
		}
		for _, m := range strings.Split(f[3], ",") {
			if m == user {
				out = append(out, gid)
				break
			}
		}
	}
	return out
}

// colonLines splits /etc/passwd-style data into lines of at least n fields.
func colonLines(data []byte, n int) [][]string {
	var out [][]string
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, ":")
		if len(f) >= n {
			out = append(out, f)
		}
	}
	return out
}

func isNumber(s string) bool {
	_, err := strconv.ParseUint(s, 10, 32)
	return err == nil
}

func parseID(s string) (uint32, error) {
	n, err := strconv.ParseUint(s, 10, 32)
	if err != nil {
		return 0, fmt.Errorf("invalid id %q: %w", s, err)
	}
	return uint32(n), nil
}

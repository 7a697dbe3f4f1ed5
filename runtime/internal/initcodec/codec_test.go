package initcodec

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

func TestInitCodecRoundTrip(t *testing.T) {
	adj := -500
	for _, tc := range []struct {
		name string
		cfg  *Config
	}{
		{"every field set", filledConfig(true)},
		{"empty", &Config{}},
		{"exec", &Config{Kind: KindExec, Process: &specs.Process{Args: []string{"true"}}, CgroupV2: true}},
		{"empty spec parts", &Config{Kind: KindInit, Process: &specs.Process{OOMScoreAdj: &adj},
			Spec: &specs.Spec{Process: &specs.Process{Cwd: "/"}, Root: &specs.Root{}, Linux: &specs.Linux{}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := tc.cfg.Marshal()
			got, err := Unmarshal(b)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.cfg) {
				t.Errorf("round trip:\n got %+v\nwant %+v", got, tc.cfg)
			}
			if b2 := got.Marshal(); !bytes.Equal(b, b2) {
				t.Errorf("encoding not deterministic")
			}
		})
	}
}

func TestInitCodecSharesTheProcess(t *testing.T) {
	p := &specs.Process{Args: []string{"sh"}, Env: []string{"A=1"}}
	cfg := &Config{Kind: KindInit, Process: p, Spec: &specs.Spec{Process: p}}
	got, err := Unmarshal(cfg.Marshal())
	if err != nil {
		t.Fatal(err)
	}
	if got.Spec.Process != got.Process || !reflect.DeepEqual(got.Process, p) {
		t.Errorf("spec.process %p, process %p (%+v): want one shared process", got.Spec.Process, got.Process, got.Process)
	}
}

// cut returns b with the first occurrence of old replaced by new.
func replaceOnce(t *testing.T, b []byte, old, new string) []byte {
	t.Helper()
	if !bytes.Contains(b, []byte(old)) {
		t.Fatalf("%q not in the encoding", old)
	}
	return bytes.Replace(b, []byte(old), []byte(new), 1)
}

func TestInitCodecErrors(t *testing.T) {
	env := (&Config{Process: &specs.Process{Env: []string{"A=1"}}}).Marshal()
	sysctl := (&Config{Spec: &specs.Spec{Linux: &specs.Linux{Sysctl: map[string]string{"a": "1", "b": "2"}}}}).Marshal()
	minimal := (&Config{Kind: KindExec}).Marshal()
	jsonCfg, _ := json.Marshal(&Config{Kind: KindExec})
	for _, tc := range []struct {
		name  string
		in    []byte
		want  string
		trunc bool
	}{
		{"nothing", nil, "init config: decode magic: truncated", true},
		{"json", jsonCfg, "init config: decode magic: got 0x7b, want 0xc1", false},
		{"cut in env", env[:bytes.Index(env, []byte("A=1"))+1], "init config: decode process.env[0]: truncated", true},
		{"env count too big", replaceOnce(t, env, "\x01\x03A=1", "\x7f\x03A=1"), "init config: decode process.env: truncated: length 127", true},
		{"trailing bytes", append(minimal, 0), "init config: decode end: 1 trailing bytes", false},
		{"bad bool", replaceOnce(t, minimal, "exec\x00", "exec\x07"), "init config: decode process: bad bool byte 0x7", false},
		{"unsorted map", replaceOnce(t, sysctl, "\x01a\x011\x01b\x012", "\x01b\x011\x01a\x012"),
			"init config: decode spec.linux.sysctl[1].key: keys not sorted or repeated", false},
		{"spec.process shares no process", replaceOnce(t, (&Config{Spec: &specs.Spec{}}).Marshal(), "\x01\x00\x00", "\x01\x00\x02"),
			"init config: decode spec.process: bad presence byte 0x2", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Unmarshal(tc.in)
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q...", err, tc.want)
			}
			if errors.Is(err, errTruncated) != tc.trunc {
				t.Errorf("errors.Is(%v, errTruncated) = %v", err, !tc.trunc)
			}
		})
	}
}

// Every proper prefix of a message is an error, never a panic or a config.
func TestInitCodecEveryPrefixIsTruncated(t *testing.T) {
	b := filledConfig(true).Marshal()
	for i := range b {
		if _, err := Unmarshal(b[:i]); !errors.Is(err, errTruncated) {
			t.Fatalf("prefix of %d of %d bytes: err = %v, want truncated", i, len(b), err)
		}
	}
}

func TestDecoderNumbers(t *testing.T) {
	uv := func(v uint64) []byte { return binary.AppendUvarint(nil, v) }
	sv := func(v int64) []byte { return binary.AppendVarint(nil, v) }
	for _, tc := range []struct {
		name string
		in   []byte
		read func(d *decoder) any
		want any
		err  string
	}{
		{"u32", uv(1<<32 - 1), func(d *decoder) any { return d.u32("x") }, uint32(1<<32 - 1), ""},
		{"u32 overflow", uv(1 << 32), func(d *decoder) any { return d.u32("x") }, uint32(0), "decode x: 4294967296 overflows uint32"},
		{"i32", sv(-1 << 31), func(d *decoder) any { return d.i32("x") }, int32(-1 << 31), ""},
		{"i32 overflow", sv(1 << 31), func(d *decoder) any { return d.i32("x") }, int32(0), "decode x: 2147483648 overflows int32"},
		{"varint overflow", bytes.Repeat([]byte{0xff}, 11), func(d *decoder) any { return d.uvarint("x") }, uint64(0),
			"decode x: varint overflows 64 bits"},
		{"truncated varint", []byte{0x80}, func(d *decoder) any { return d.varint("x") }, int64(0), "decode x: truncated"},
		{"int", sv(-7), func(d *decoder) any { return d.int("x") }, -7, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := newDecoder(tc.in)
			got := tc.read(d)
			if got != tc.want {
				t.Errorf("got %v (%T), want %v (%T)", got, got, tc.want, tc.want)
			}
			if (d.err == nil) != (tc.err == "") || (d.err != nil && !strings.HasSuffix(d.err.Error(), tc.err)) {
				t.Errorf("err = %v, want %q", d.err, tc.err)
			}
		})
	}
}

func FuzzUnmarshalInitConfig(f *testing.F) {
	f.Add(filledConfig(true).Marshal())
	f.Add((&Config{}).Marshal())
	f.Add((&Config{Kind: KindExec, Process: &specs.Process{Env: []string{"A=1"}}}).Marshal())
	f.Add([]byte(`{"kind":"init"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		cfg, err := Unmarshal(b)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "init config: decode ") {
				t.Fatalf("error without context: %v", err)
			}
			return
		}
		again, err := Unmarshal(cfg.Marshal())
		if err != nil {
			t.Fatalf("re-encoded config does not decode: %v", err)
		}
		if !reflect.DeepEqual(cfg, again) {
			t.Fatalf("decode(encode(cfg)) != cfg:\n%+v\n%+v", cfg, again)
		}
	})
}

package initcodec

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// notSentToInit lists, as "<type>.<field>", exported fields reachable from
// Config that Marshal leaves out on purpose, with the reason.
// Everything else must be sent: TestInitCodecSendsEveryField fails on a
// field that is neither. The parts of the spec that TrimSpec drops (hooks,
// annotations, Linux.Resources, seccomp, ...) are not walked: the init never
// gets them.
var notSentToInit = map[string]string{}

// fillValue sets everything reachable from v to non-zero values, distinct
// per field (n counts), two items per slice and map, so that a new field
// in any of these types is covered without changing the tests. With
// skipNotSent, the fields of notSentToInit stay zero.
func fillValue(v reflect.Value, n *int, skipNotSent bool) {
	*n++
	switch v.Kind() {
	case reflect.String:
		v.SetString(fmt.Sprintf("s%d", *n))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(-int64(*n)) // negative: zigzag varints
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		v.SetUint(uint64(*n) * 37 % (1 << (v.Type().Bits() - 1))) // several varint bytes, in range
	case reflect.Float32, reflect.Float64:
		v.SetFloat(float64(*n) + 0.5)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fillValue(v.Elem(), n, skipNotSent)
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		for i := 0; i < 2; i++ {
			fillValue(v.Index(i), n, skipNotSent)
		}
	case reflect.Map:
		v.Set(reflect.MakeMap(v.Type()))
		for i := 0; i < 2; i++ {
			k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
			fillValue(k, n, skipNotSent)
			fillValue(e, n, skipNotSent)
			v.SetMapIndex(k, e)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			f := v.Type().Field(i)
			if _, skip := notSentToInit[fieldKey(v.Type(), f)]; !f.IsExported() || (skip && skipNotSent) {
				continue
			}
			fillValue(v.Field(i), n, skipNotSent)
		}
	case reflect.Interface:
		// spec types dropped by TrimSpec only; nothing to fill
	default:
		panic(fmt.Sprintf("fillValue: %s: kind %s not handled", v.Type(), v.Kind()))
	}
}

func fieldKey(t reflect.Type, f reflect.StructField) string { return t.String() + "." + f.Name }

// filledConfig has every field set, the spec cut down by TrimSpec.
func filledConfig(skipNotSent bool) *Config {
	c := &Config{}
	n := 0
	fillValue(reflect.ValueOf(c).Elem(), &n, skipNotSent)
	c.Spec = TrimSpec(c.Spec)
	return c
}

// fieldWalk compares a filled config with its round trip, field by field.
type fieldWalk struct {
	problems []string
	dropped  []string // spec fields TrimSpec dropped
	listed   map[string]bool
}

func (w *fieldWalk) value(want, got reflect.Value, path string, inSpec bool) {
	switch want.Kind() {
	case reflect.Pointer:
		if got.IsNil() {
			w.problems = append(w.problems, path+": not sent")
			return
		}
		w.value(want.Elem(), got.Elem(), path, inSpec)
	case reflect.Slice:
		if want.Len() != got.Len() {
			w.problems = append(w.problems, fmt.Sprintf("%s: %d items sent, %d came back", path, want.Len(), got.Len()))
			return
		}
		for i := 0; i < want.Len(); i++ {
			w.value(want.Index(i), got.Index(i), fmt.Sprintf("%s[%d]", path, i), inSpec)
		}
	case reflect.Struct:
		w.fields(want, got, path, inSpec)
	default:
		if !reflect.DeepEqual(want.Interface(), got.Interface()) {
			w.problems = append(w.problems, fmt.Sprintf("%s: sent %v, came back %v", path, want, got))
		}
	}
}

func (w *fieldWalk) fields(want, got reflect.Value, path string, inSpec bool) {
	for i := 0; i < want.NumField(); i++ {
		f := want.Type().Field(i)
		if !f.IsExported() {
			continue
		}
		key, fp := fieldKey(want.Type(), f), path+"."+f.Name
		wf, gf := want.Field(i), got.Field(i)
		if _, ok := notSentToInit[key]; ok {
			w.listed[key] = true
			if !gf.IsZero() {
				w.problems = append(w.problems, fp+": sent, but listed in notSentToInit: remove it from the list")
			}
			continue
		}
		if wf.IsZero() {
			if inSpec {
				w.dropped = append(w.dropped, fp)
			} else {
				w.problems = append(w.problems, fp+": fillValue left it zero")
			}
			continue
		}
		w.value(wf, gf, fp, inSpec || fp == "Config.Spec")
	}
}

func walkRoundTrip(want, got *Config) *fieldWalk {
	w := &fieldWalk{listed: map[string]bool{}}
	w.value(reflect.ValueOf(want).Elem(), reflect.ValueOf(got).Elem(), "Config", false)
	for key := range notSentToInit {
		if !w.listed[key] {
			w.problems = append(w.problems, key+": in notSentToInit, but no such field is reachable")
		}
	}
	return w
}

func TestInitCodecSendsEveryField(t *testing.T) {
	want := filledConfig(false)
	got, err := Unmarshal(want.Marshal())
	if err != nil {
		t.Fatal(err)
	}
	w := walkRoundTrip(want, got)
	for _, p := range w.problems {
		t.Errorf("%s (encode it in runtime/internal/initcodec, or list it in notSentToInit with a reason)", p)
	}
	t.Logf("dropped by TrimSpec, not walked: %s", strings.Join(w.dropped, ", "))
}

// The walk itself catches a field that does not come back.
func TestFieldWalkCatchesALostField(t *testing.T) {
	want := filledConfig(true)
	for _, lose := range []struct {
		name string
		f    func(*Config)
		path string
	}{
		{"process cwd", func(c *Config) { c.Process.Cwd = "" }, "Config.Process.Cwd"},
		{"device gid", func(c *Config) { c.Spec.Linux.Devices[1].GID = nil }, "Config.Spec.Linux.Devices[1].GID"},
		{"mount chdir", func(c *Config) { c.RootfsMounts[0].Chdir = "x" }, "Config.RootfsMounts[0].Chdir"},
	} {
		t.Run(lose.name, func(t *testing.T) {
			got, err := Unmarshal(want.Marshal())
			if err != nil {
				t.Fatal(err)
			}
			lose.f(got)
			w := walkRoundTrip(want, got)
			if len(w.problems) != 1 || !strings.HasPrefix(w.problems[0], lose.path+":") {
				t.Errorf("problems = %q, want one about %s", w.problems, lose.path)
			}
		})
	}
}

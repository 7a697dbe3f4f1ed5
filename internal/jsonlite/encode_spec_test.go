package jsonlite

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// checkEncodeSameAsJSON fails unless EncodeSpec writes what json.Marshal
// writes.
func checkEncodeSameAsJSON(t *testing.T, name string, s *specs.Spec) {
	t.Helper()
	want, wantErr := json.Marshal(s)
	got, err := EncodeSpec(s)
	if (err == nil) != (wantErr == nil) || !bytes.Equal(got, want) {
		t.Errorf("%s: EncodeSpec\n%s (%v)\njson.Marshal\n%s (%v)", name, got, err, want, wantErr)
	}
}

func TestEncodeSpecRealSpecs(t *testing.T) {
	for name, b := range realSpecs(t) {
		s, err := DecodeSpec(b)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !specFast(s) {
			t.Errorf("%s: left to encoding/json", name)
		}
		checkEncodeSameAsJSON(t, name, s)
	}
	checkEncodeSameAsJSON(t, "nil", nil)
	checkEncodeSameAsJSON(t, "zero", &specs.Spec{})
	checkEncodeSameAsJSON(t, "every fast field", everyField())
}

// TestEncodeSpecEachField sets one field of the spec at a time, at every
// depth (parents made as needed), then all fields at random: whatever is
// set, the fast path or encoding/json writes json.Marshal's bytes. A
// field the fast path forgets to write or to refuse fails here.
func TestEncodeSpecEachField(t *testing.T) {
	var paths [][]int
	leafPaths(reflect.TypeFor[specs.Spec](), nil, &paths, 0)
	if len(paths) < 150 {
		t.Fatalf("only %d leaf fields found", len(paths))
	}
	for _, p := range paths {
		for _, empty := range []bool{false, true} {
			s := new(specs.Spec)
			name := setPath(reflect.ValueOf(s).Elem(), p, empty)
			checkEncodeSameAsJSON(t, name, s)
		}
	}
	r := rand.New(rand.NewPCG(3, 4))
	for i := range 300 {
		s := new(specs.Spec)
		fillRandom(r, reflect.ValueOf(s).Elem(), 0)
		checkEncodeSameAsJSON(t, "random spec "+string(rune('a'+i%26)), s)
	}
}

// leafPaths lists the field index paths of t's leaves; a slice, map or
// pointer element is walked through as its element type.
func leafPaths(t reflect.Type, prefix []int, out *[][]int, depth int) {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || depth > 6 {
		*out = append(*out, prefix)
		return
	}
	for i := range t.NumField() {
		if t.Field(i).Type.Kind() == reflect.Interface {
			continue
		}
		leafPaths(t.Field(i).Type, append(append([]int(nil), prefix...), i), out, depth+1)
	}
}

// setPath makes v's field at path non-zero (empty: an empty slice or map
// where the leaf is one), making the containers on the way.
func setPath(v reflect.Value, path []int, empty bool) string {
	name := ""
	for _, i := range path {
		v = enter(v)
		name += "." + v.Type().Field(i).Name
		v = v.Field(i)
	}
	setLeaf(v, empty)
	return name
}

// enter makes v (a pointer, slice or map) hold one element and returns it.
func enter(v reflect.Value) reflect.Value {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		return enter(v.Elem())
	case reflect.Slice:
		if v.Len() == 0 {
			v.Set(reflect.MakeSlice(v.Type(), 1, 1))
		}
		return enter(v.Index(0))
	case reflect.Map:
		e := reflect.New(v.Type().Elem()).Elem()
		v.Set(reflect.MakeMap(v.Type()))
		v.SetMapIndex(reflect.ValueOf("k").Convert(v.Type().Key()), e)
		return e // not addressable: maps of structs are left to json anyway
	}
	return v
}

func setLeaf(v reflect.Value, empty bool) {
	if !v.CanSet() {
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		if !empty {
			setLeaf(v.Elem(), false)
		}
	case reflect.Slice:
		n := 1
		if empty {
			n = 0
		}
		v.Set(reflect.MakeSlice(v.Type(), n, n))
		if n > 0 {
			setLeaf(v.Index(0), false)
		}
	case reflect.Map:
		v.Set(reflect.MakeMap(v.Type()))
		if !empty {
			v.SetMapIndex(reflect.ValueOf("<k>").Convert(v.Type().Key()), reflect.ValueOf("v&").Convert(v.Type().Elem()))
		}
	case reflect.String:
		v.SetString("a<\"é\u2028")
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(-7)
	case reflect.Uint, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(reflect.Zero(v.Type()).Uint() - 1) // the type's max
	}
}

// fillRandom sets about half of v's fields (recursively) at random.
func fillRandom(r *rand.Rand, v reflect.Value, depth int) {
	if depth > 6 || !v.CanSet() {
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			if r.IntN(2) == 0 {
				fillRandom(r, v.Field(i), depth+1)
			}
		}
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fillRandom(r, v.Elem(), depth+1)
	case reflect.Slice:
		n := r.IntN(3)
		v.Set(reflect.MakeSlice(v.Type(), n, n))
		for i := range n {
			fillRandom(r, v.Index(i), depth+1)
		}
	case reflect.Map, reflect.Interface:
		if v.Kind() == reflect.Map && v.Type().Elem().Kind() == reflect.String {
			setLeaf(v, r.IntN(3) == 0)
		}
	default:
		setLeaf(v, false)
	}
}

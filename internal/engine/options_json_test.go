package engine

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
)

// marshalOptions writes json.Marshal's bytes for options filled at
// random (every field set or left empty, nil or empty slices and maps,
// odd strings and floats), and options with every field set.
func TestMarshalOptionsMatchesEncodingJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for i := range 2000 {
		var o RunOptions
		fillOptions(r, reflect.ValueOf(&o).Elem(), i < 20)
		want, wantErr := json.Marshal(o)
		got, err := marshalOptions(o)
		if (err == nil) != (wantErr == nil) || !bytes.Equal(got, want) {
			t.Fatalf("options %+v:\nmarshalOptions %s (%v)\njson.Marshal   %s (%v)", o, got, err, want, wantErr)
		}
	}
	for _, f := range []float64{math.NaN(), math.Inf(1)} {
		if _, err := marshalOptions(RunOptions{CPUs: f}); err == nil {
			t.Errorf("cpus %v: no error, json.Marshal fails", f)
		}
	}
}

var (
	optStrings = []string{"", "a", "demo/busybox:latest", "<&>\"\\\n\u2028é", "\xff"}
	optFloats  = []float64{0, 0.5, 1, 1.5, 2, 1e-7, 1.25e-9, 3e21, 123456789.125, -0.25, 1e20}
)

// fillOptions sets v's fields at random (all: every field, non-empty).
func fillOptions(r *rand.Rand, v reflect.Value, all bool) {
	if !v.CanSet() || (!all && r.IntN(2) == 0) {
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).Tag.Get("json") != "-" {
				fillOptions(r, v.Field(i), all)
			}
		}
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fillOptions(r, v.Elem(), all)
	case reflect.Slice:
		n := r.IntN(3)
		if all {
			n = 2
		}
		v.Set(reflect.MakeSlice(v.Type(), n, n))
		for i := range n {
			fillOptions(r, v.Index(i), true)
		}
	case reflect.Array:
		for i := range v.Len() {
			fillOptions(r, v.Index(i), true)
		}
	case reflect.Map:
		v.Set(reflect.MakeMap(v.Type()))
		for range r.IntN(3) + btoi(all) {
			v.SetMapIndex(reflect.ValueOf(optStrings[r.IntN(len(optStrings))]), reflect.ValueOf(optStrings[r.IntN(len(optStrings))]))
		}
	case reflect.String:
		v.SetString(optStrings[r.IntN(len(optStrings)-1)+1])
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int64:
		v.SetInt(r.Int64N(1<<40) - 1<<39)
	case reflect.Uint16, reflect.Uint64:
		v.SetUint(r.Uint64() >> (64 - v.Type().Bits()))
	case reflect.Float64:
		v.SetFloat(optFloats[r.IntN(len(optFloats))])
	default:
		panic("fillOptions: a new kind of field: " + v.Type().String())
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// unmarshalOptions reads back what json.Unmarshal reads, from options
// filled at random and from documents jsonlite leaves to encoding/json.
func TestUnmarshalOptionsMatchesEncodingJSON(t *testing.T) {
	check := func(b []byte) {
		t.Helper()
		var want RunOptions
		_ = json.Unmarshal(b, &want)
		if got := unmarshalOptions(b); !reflect.DeepEqual(got, want) {
			t.Fatalf("%s:\nunmarshalOptions %+v\njson.Unmarshal   %+v", b, got, want)
		}
	}
	r := rand.New(rand.NewPCG(7, 8))
	for i := range 2000 {
		var o RunOptions
		fillOptions(r, reflect.ValueOf(&o).Elem(), i < 20)
		b, err := marshalOptions(o)
		if err != nil {
			continue
		}
		check(b)
	}
	for _, doc := range []string{
		``, `{}`, `null`, `{"image":"a","cpus":1.5}`, `{"Image":"a"}`, `{"cmd":null,"image":"b"}`,
		`{"unknown":1,"image":"c"}`, `{"entrypoint":[]}`, `{"consoleSize":[1,2,3]}`, `{"consoleSize":[70000,1]}`,
		`{"ulimits":[{"Name":"nofile","Hard":2,"Soft":1}],"labels":{}}`, `{"ulimits":[{"name":"nofile"}]}`,
		`{"stopTimeout":5,"oomScoreAdj":-500,"memory":"x"}`, `{"labels":{"a":null}}`, `{"image":"a"} trailing`,
	} {
		check([]byte(doc))
	}
}

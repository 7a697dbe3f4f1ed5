package jsonlite

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"testing"
)

func TestAppendStringMatchesEncodingJSON(t *testing.T) {
	cases := []string{"", "plain", `"quoted" \back\slash`, "\x00\x01\x1f\x7f", "\b\f\n\r\t", "<a href='x'>&amp;</a>",
		"é日本\U0001F600", "\u2028\u2029", "\xff", "a\xc3", "\xed\xa0\x80", "\xf4\x90\x80\x80"}
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		b := make([]byte, r.IntN(12))
		for i := range b {
			b[i] = byte(r.IntN(256))
		}
		cases = append(cases, string(b))
	}
	for _, s := range cases {
		want, _ := json.Marshal(s)
		if got := AppendString(nil, s); !bytes.Equal(got, want) {
			t.Errorf("AppendString(%q) = %s, want %s", s, got, want)
		}
	}
}

func TestAppendValuesMatchEncodingJSON(t *testing.T) {
	type strs []string
	tests := []struct {
		v   any
		got []byte
	}{
		{strs(nil), AppendStrings[string](nil, nil)},
		{strs{}, AppendStrings(nil, []string{})},
		{strs{"a", "<"}, AppendStrings(nil, []string{"a", "<"})},
		{[]byte(nil), AppendBytes(nil, nil)},
		{[]byte{}, AppendBytes(nil, []byte{})},
		{[]byte{1, 2, 3, 250}, AppendBytes(nil, []byte{1, 2, 3, 250})},
		{map[string]string(nil), AppendStringMap(nil, nil)},
		{map[string]string{"z": "1", "a": "&", "m": ""}, AppendStringMap(nil, map[string]string{"z": "1", "a": "&", "m": ""})},
		{int64(-9), AppendInt(nil, -9)},
		{uint64(1 << 63), AppendUint(nil, 1<<63)},
	}
	for _, tt := range tests {
		want, err := json.Marshal(tt.v)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(tt.got, want) {
			t.Errorf("%#v: got %s, want %s", tt.v, tt.got, want)
		}
	}
}

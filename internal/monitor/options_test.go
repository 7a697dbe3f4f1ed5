package monitor

import (
	"encoding/json"
	"fmt"
	"reflect"
	"testing"
)

// The run options decode field by field as json.Unmarshal decodes them,
// and what jsonlite refuses gets encoding/json's result and error.
func TestDecodeOptions(t *testing.T) {
	docs := []string{
		`{"image":"demo/busybox","cmd":["sleep","1000"],"env":["A=1"],"volumes":["/tmp:/x"],"network":"none",` +
			`"detach":true,"restart":"on-failure:3","logOpts":["max-size=1m"],"pull":"missing"}`,
		`{"rm":true,"noHealthcheck":true,"logOpts":null,"healthcheck":{"test":["CMD","true"],"interval":1e9}}`,
		`{}`, `{"Restart":"always"}`, `{"restart":"always","restart":"no"}`, `{"cpus":1.5,"restart":"always"}`,
		`{"restart":"\u0061lways"}`, `{"rm":"yes"}`, `{"restart":`, ``, `null`, `[]`, `{"x":[{"y":null}]} x`,
	}
	for _, doc := range docs {
		got, err := decodeOptions([]byte(doc))
		var want savedOptions
		werr := json.Unmarshal([]byte(doc), &want)
		if fmt.Sprint(err) != fmt.Sprint(werr) || (err == nil && !reflect.DeepEqual(got, want)) {
			t.Errorf("%s: got %+v, %v; want %+v, %v", doc, got, err, want, werr)
		}
	}
}

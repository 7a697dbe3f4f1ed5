package monitor

import (
	"encoding/json"

	"github.com/tent-dev/tent/internal/jsonlite"
)

// savedOptions is the part of the run options (engine.RunOptions, kept as
// JSON in the record) the monitor needs; decoding only it keeps the
// monitor from linking the engine.
type savedOptions struct {
	Restart       string   `json:"restart"`
	Rm            bool     `json:"rm"`
	LogOpts       []string `json:"logOpts"`
	NoHealthcheck bool     `json:"noHealthcheck"`
}

// decodeOptions is json.Unmarshal(b, &o), field by field (internal/jsonlite)
// and reading over the rest: encoding/json's decoder, built by reflection
// and kept, would stay in the monitor's heap for its life. What jsonlite
// refuses (a key in another case, a float, an escape it does not take)
// goes to encoding/json: the same result, the same errors.
func decodeOptions(b []byte) (savedOptions, error) {
	var o savedOptions
	d := jsonlite.NewDecoder(b)
	d.Object(func(k string) bool {
		switch k {
		case "restart":
			o.Restart = d.String()
		case "rm":
			o.Rm = d.Bool()
		case "logOpts":
			o.LogOpts = d.NullStrings()
		case "noHealthcheck":
			o.NoHealthcheck = d.Bool()
		default:
			if isOurKey(k, "restart", "rm", "logOpts", "noHealthcheck") {
				return false
			}
			d.Skip()
		}
		return true
	})
	if d.OK() {
		return o, nil
	}
	o = savedOptions{}
	err := json.Unmarshal(b, &o)
	return o, err
}

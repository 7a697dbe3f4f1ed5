package image

import (
	"encoding/json"
	"reflect"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
)

// A config as Docker writes one (nulls where nothing is set), with a
// health check, volumes, ports, labels and history.
const dockerConfig = `{"architecture":"amd64","config":{"Hostname":"","Domainname":"","User":"app","AttachStdin":false,"AttachStdout":false,"AttachStderr":false,"ExposedPorts":{"8080/tcp":{}},"Tty":false,"OpenStdin":false,"StdinOnce":false,"Env":["PATH=/usr/local/bin:/usr/bin:/bin","LANG=C.UTF-8"],"Cmd":["python3","-m","app"],"Healthcheck":{"Test":["CMD-SHELL","curl -f http://localhost:8080/ || exit 1"],"Interval":30000000000,"Timeout":5000000000,"StartPeriod":10000000000,"Retries":3},"ArgsEscaped":true,"Image":"sha256:1f2e","Volumes":{"/data":{}},"WorkingDir":"/srv","Entrypoint":null,"OnBuild":null,"Labels":{"org.opencontainers.image.title":"app","maintainer":"a <a@b.c>"},"StopSignal":"SIGINT","Shell":["/bin/sh","-c"]},"container":"c0ffee","created":"2024-05-06T07:08:09.123456789Z","docker_version":"24.0.7","history":[{"created":"2024-05-01T00:00:00Z","created_by":"/bin/sh -c #(nop) ADD file:abc in / "},{"created":"2024-05-01T00:00:01Z","created_by":"/bin/sh -c #(nop)  CMD [\"sh\"]","empty_layer":true},{"created":"2024-05-06T07:08:09.123456789Z","author":"me","comment":"buildkit.dockerfile.v0","created_by":"RUN pip install x # buildkit"}],"os":"linux","os.features":["win32k"],"os.version":"10.0","variant":"v8","rootfs":{"type":"layers","diff_ids":["sha256:0000000000000000000000000000000000000000000000000000000000000001","sha256:0000000000000000000000000000000000000000000000000000000000000002"]}}`

// decodeConfig reads what json.Unmarshal reads, and fails where it fails,
// on configs the field by field read takes and on ones it leaves to
// encoding/json.
func TestDecodeConfigMatchesEncodingJSON(t *testing.T) {
	for _, doc := range []string{
		dockerConfig,
		`{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]},"config":{}}`,
		`{"config":{"Cmd":["sh"]},"created":null,"history":null,"rootfs":null}`,
		`{"config":null,"os.features":null}`,
		`{}`, `null`, ``, `[]`, `{"os":"linux"} trailing`,
		// duplicates: encoding/json fills maps and structs it finds made
		`{"config":{"Labels":{"a":"1"},"Volumes":{"/a":{}},"Healthcheck":{"Retries":1}},"config":{"Labels":{"b":"2"},"Volumes":{"/b":null},"Healthcheck":{"Interval":5}}}`,
		`{"config":{"Labels":{"a":"1"},"Labels":null,"ExposedPorts":null}}`,
		// left to encoding/json
		`{"OS":"linux","Architecture":"arm64"}`,
		`{"config":{"cmd":["sh"]}}`,
		`{"unknown":{"x":[1,2.5]},"os":"linux"}`,
		`{"created":"2024-05-06T07:08:09\u002eZ"}`,
		`{"created":"yesterday"}`,
		`{"rootfs":{"diff_ids":["sha256:xyz"]}}`,
		`{"rootfs":{"diff_ids":["md5:00"]}}`,
		`{"config":{"Healthcheck":{"Interval":1.5}}}`,
		`{"config":{"Env":["A",null]}}`,
		`{"config":{"Labels":{"a":null}}}`,
		`{"config":{"ExposedPorts":{"80/tcp":"x"}}}`,
		`{"config":{"Tty":null,"User":null}}`,
		`{"history":[{"empty_layer":"yes"}]}`,
	} {
		var want v1.ConfigFile
		wantErr := json.Unmarshal([]byte(doc), &want)
		got, err := decodeConfig([]byte(doc))
		if (err == nil) != (wantErr == nil) || (err == nil && !reflect.DeepEqual(got, want)) {
			t.Errorf("%.80s:\ndecodeConfig   %+v (%v)\njson.Unmarshal %+v (%v)", doc, got, err, want, wantErr)
		}
	}
	if _, ok := decodeConfigFast([]byte(dockerConfig)); !ok {
		t.Error("a Docker config is left to encoding/json")
	}
}

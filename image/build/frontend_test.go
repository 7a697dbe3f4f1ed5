package build

import (
	"errors"
	"strings"
	"testing"
)

func TestParseDockerfile(t *testing.T) {
	tests := []struct {
		name, src string
		stages    int
		metaArgs  int
		wantErr   string
	}{
		{name: "multi-stage", src: "ARG V=1\nFROM a:$V AS build\nRUN x\nFROM scratch\nCOPY --from=build /x /x\n", stages: 2, metaArgs: 1},
		{name: "unknown", src: "FROM a\nRUN x\nFROBNICATE y\n", wantErr: "Dockerfile:3: unknown instruction: FROBNICATE"},
		{name: "before FROM", src: "# c\nRUN x\nFROM a\n", wantErr: "Dockerfile:2: RUN before the first FROM"},
		{name: "no FROM", src: "ARG A\n", wantErr: "no FROM instruction"},
		{name: "bad flag", src: "FROM a\nCOPY --frobnicate=1 a b\n", wantErr: "Dockerfile:2: "},
		{name: "healthcheck", src: "FROM a\nHEALTHCHECK --interval=xx CMD true\n", wantErr: "Dockerfile:2: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			df, err := ParseDockerfile("Dockerfile", []byte(tt.src))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(df.Stages) != tt.stages || len(df.MetaArgs) != tt.metaArgs {
				t.Errorf("%d stages, %d meta args", len(df.Stages), len(df.MetaArgs))
			}
		})
	}
}

func TestLineError(t *testing.T) {
	err := &LineError{File: "Dockerfile", Line: 7, Op: "COPY", Err: ErrOutsideContext}
	if err.Error() != "Dockerfile:7: COPY failed: forbidden path outside the build context" || !errors.Is(err, ErrOutsideContext) {
		t.Errorf("%v", err)
	}
}

func TestStageIndex(t *testing.T) {
	df, err := ParseDockerfile("Dockerfile", []byte("FROM a AS Build\nFROM b\nFROM c AS x\n"))
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]int{"build": 0, "BUILD": 0, "1": 1, "x": 2, "3": -1, "nope": -1, "01": -1} {
		i, ok := df.StageIndex(name)
		if !ok {
			i = -1
		}
		if i != want {
			t.Errorf("StageIndex(%s) = %d, want %d", name, i, want)
		}
	}
}

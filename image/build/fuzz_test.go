package build

import (
	"errors"
	"strings"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/shell"
)

// FuzzDockerfile runs the front end (parse, expansion, the config
// instructions, COPY/ADD conversion) on arbitrary Dockerfiles: it must
// never panic, and every error of a parsed file names a line.
func FuzzDockerfile(f *testing.F) {
	f.Add([]byte(tutorialSeed))
	f.Add([]byte("ARG A=1\nFROM a:$A AS b\nENV X=${A:-2} Y=$X\nEXPOSE 1-3/udp\nCOPY --from=b --chmod=7 a* /d/\n"))
	f.Add([]byte("FROM scratch\nHEALTHCHECK NONE\nONBUILD ADD . /\nSHELL [\"a\"]\nCMD b\nLABEL \"k\"=\"v\"\n"))
	f.Add([]byte("# escape=`\nFROM a\nRUN echo `\n  hi\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		df, err := ParseDockerfile("Dockerfile", src)
		if err != nil {
			var le *LineError
			if !errors.As(err, &le) && !strings.Contains(err.Error(), "no FROM") && !strings.Contains(err.Error(), "bytes") {
				t.Fatalf("error without a line: %v", err)
			}
			return
		}
		o := &Options{BuildArgs: map[string]string{"A": "x"}, used: map[string]bool{}, globals: map[string]string{}}
		b := &builder{o: o, lex: shell.NewLex(df.Escape)}
		for _, st := range df.Stages {
			s := &state{args: map[string]string{}, cfg: v1.ConfigFile{}}
			for _, c := range st.Commands {
				if err := b.expand(s, c); err != nil {
					continue
				}
				switch x := c.(type) {
				case *instructions.CopyCommand:
					_ = copyArgsOf(x)
				case *instructions.AddCommand:
					_ = addArgsOf(x)
				case *instructions.RunCommand:
					s.chain("RUN", jsonString(s.command(x.ShellDependantCmdLine)), jsonString(s.runEnv()))
				default:
					_, _ = applyMeta(s, c, o)
				}
			}
		}
	})
}

const tutorialSeed = `FROM python:3.12-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
EXPOSE 8000
USER 1000
HEALTHCHECK --interval=30s CMD curl -f http://localhost:8000/ || exit 1
CMD ["python", "app.py"]
`

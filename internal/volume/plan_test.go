package volume

import "testing"

func TestFilter(t *testing.T) {
	v := &Volume{Name: "webdata", Driver: "local", Labels: map[string]string{"env": "prod", "x": ""}}
	for _, tt := range []struct {
		args  []string
		inUse bool
		want  bool
	}{
		{nil, false, true},
		{[]string{"name=web"}, false, true},
		{[]string{"name=db"}, false, false},
		{[]string{"name=db", "name=data"}, false, true},
		{[]string{"label=env"}, false, true},
		{[]string{"label=env=prod"}, false, true},
		{[]string{"label=env=dev"}, false, false},
		{[]string{"dangling=true"}, false, true},
		{[]string{"dangling=true"}, true, false},
		{[]string{"dangling=false"}, true, true},
		{[]string{"driver=local", "name=web"}, false, true},
	} {
		f, err := ParseFilter(tt.args)
		if err != nil {
			t.Fatal(err)
		}
		if got := f.Match(v, tt.inUse); got != tt.want {
			t.Errorf("%v (in use %v): %v, want %v", tt.args, tt.inUse, got, tt.want)
		}
	}
	for _, bad := range []string{"name", "color=red", "dangling=maybe"} {
		if _, err := ParseFilter([]string{bad}); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

func TestPruneSet(t *testing.T) {
	anon := &Volume{Name: "a", Labels: map[string]string{AnonymousLabel: ""}}
	named := &Volume{Name: "n", Labels: map[string]string{}}
	used := &Volume{Name: "u", Labels: map[string]string{AnonymousLabel: ""}}
	users := func(n string) []string {
		if n == "u" {
			return []string{"c1"}
		}
		return nil
	}
	names := func(vs []*Volume) (s string) {
		for _, v := range vs {
			s += v.Name
		}
		return s
	}
	all := []*Volume{anon, named, used}
	if got := names(PruneSet(all, users, false, nil)); got != "a" {
		t.Errorf("prune: %q", got)
	}
	if got := names(PruneSet(all, users, true, nil)); got != "an" {
		t.Errorf("prune -a: %q", got)
	}
	f, _ := ParseFilter([]string{"name=n"})
	if got := names(PruneSet(all, users, true, f)); got != "n" {
		t.Errorf("prune -a --filter: %q", got)
	}
}

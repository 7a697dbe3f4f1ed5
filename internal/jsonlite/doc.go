// Package jsonlite reads and writes the few JSON documents on the path of
// every container start without encoding/json's reflection: a runtime
// process is new each time, and its first json.Unmarshal or json.Marshal
// of a type builds that type's decoder or encoder by reflection and faults
// in encoding/json's code, milliseconds on a small VM.
//
// DecodeSpec reads an OCI config.json. It decodes the fields a runtime
// spec usually has itself and hands anything else (an unknown or duplicate
// key, a null, a float, an escape it does not take, bad JSON) to
// encoding/json, so its result and its errors are always encoding/json's.
// DecodeProcess reads only a spec's process and hostname (tent exec) and
// reads over the rest. Decoder is for a caller that decodes its own struct
// field by field (the runtime's state.json, the container record).
// Append* write JSON values byte for byte as json.Marshal does (HTML
// escaping included), for a caller that writes a document field by field.
// The tests compare both with encoding/json.
//
// No syscalls: bytes in, values out.
package jsonlite

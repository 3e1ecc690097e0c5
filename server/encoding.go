package server

import (
	"net/http"
	"strconv"
	"strings"
)

// The content codings the server sends; identity is none.
const (
	identity   = "identity"
	codingGzip = "gzip"
	codingBr   = "br"
)

// implicitQ is the quality of identity when the Accept-Encoding header
// neither lists it nor has *: acceptable, but below the least qvalue a
// client can give (0.001), so any coding it lists is preferred.
const implicitQ = 0.0001

// negotiate returns the coding to send, of offers (in order of
// preference when qualities tie), by the Accept-Encoding header of h, as
// RFC 9110 section 12.5.3 says: a coding listed with q=0 is refused, *
// stands for every coding not listed, and identity is acceptable unless
// refused by identity;q=0 or by *;q=0 with identity unlisted. x-gzip is
// gzip. No header, or an empty one, leaves identity alone. When nothing
// offered is acceptable it returns identity, disregarding the header
// (section 12.1) rather than answering 406 to a client that asked for a
// file that exists.
func negotiate(h http.Header, offers ...string) string {
	q := map[string]float64{}
	for _, v := range h.Values("Accept-Encoding") {
		for item := range strings.SplitSeq(v, ",") {
			coding, params, _ := strings.Cut(item, ";")
			c := strings.ToLower(strings.TrimSpace(coding))
			if c == "" {
				continue
			}
			if c == "x-gzip" {
				c = codingGzip
			}
			if _, listed := q[c]; !listed {
				q[c] = 0
			}
			q[c] = max(q[c], qvalue(params)) // listed twice: the kinder one
		}
	}
	best, bestQ := identity, 0.0
	for _, c := range offers {
		cq, listed := q[c]
		if !listed {
			if star, ok := q["*"]; ok {
				cq = star
			} else if c == identity {
				cq = implicitQ
			}
		}
		if cq > bestQ {
			best, bestQ = c, cq
		}
	}
	return best
}

// qvalue returns the q parameter among an Accept-Encoding item's params
// (";q=0.5"): 1 if there is none, 0 if it is not a number or is negative
// (NaN included, so that it refuses), and at most 1.
func qvalue(params string) float64 {
	for p := range strings.SplitSeq(params, ";") {
		k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
		if !strings.EqualFold(strings.TrimSpace(k), "q") {
			continue
		}
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil || !(f >= 0) {
			return 0
		}
		return min(f, 1)
	}
	return 1
}

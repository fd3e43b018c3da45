package linkcheck

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"net/url"
	"strings"
	"syscall"
)

// failure turns the error of a request without an answer into a result,
// saying which of the usual causes it is. ctx is the context of the whole
// check: when it is done, the request was cut short by it.
func (c *Checker) failure(ctx context.Context, err error) Result {
	r := Result{Status: Unreachable}
	var (
		dnsErr  *net.DNSError
		netErr  net.Error
		unknown x509.UnknownAuthorityError
		badHost x509.HostnameError
		invalid x509.CertificateInvalidError
		verify  *tls.CertificateVerificationError
		record  tls.RecordHeaderError
		alert   tls.AlertError
	)
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		r.Reason, r.Limit = Deadline, c.opts.Timeout
	case ctx.Err() != nil:
		r.Reason = Canceled
	case errors.As(err, &dnsErr):
		r.Reason = DNS
		r.Detail = "no address for " + dnsErr.Name
		if !dnsErr.IsNotFound {
			r.Detail = "looking up " + dnsErr.Name + ": " + dnsErr.Err
		}
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		r.Reason, r.Limit = Timeout, c.opts.RequestTimeout
	case errors.Is(err, syscall.ECONNREFUSED):
		r.Reason = Refused
	case errors.As(err, &unknown):
		r.Reason, r.Detail = TLS, "certificate signed by an unknown authority"
	case errors.As(err, &badHost):
		r.Reason, r.Detail = TLS, badHost.Error()
	case errors.As(err, &invalid):
		r.Reason, r.Detail = TLS, invalid.Error()
	case errors.As(err, &verify):
		r.Reason, r.Detail = TLS, verify.Err.Error()
	case errors.As(err, &record), strings.Contains(err.Error(), "server gave HTTP response to HTTPS client"):
		// Package http reports the second case with an error of its
		// own, made from the first.
		r.Reason, r.Detail = TLS, "the server does not speak TLS"
	case errors.As(err, &alert):
		r.Reason, r.Detail = TLS, alert.Error()
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, syscall.ECONNRESET):
		r.Reason = Closed
	default:
		r.Reason, r.Detail = Network, urlErrorText(err)
	}
	return r
}

// urlErrorText returns the words of err without the method and URL that
// package http puts before them: the finding names the URL already.
func urlErrorText(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return err.Error()
}

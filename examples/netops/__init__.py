"""A small library of async helpers for talking to network devices."""
from .sessions import open_session, DeviceSession

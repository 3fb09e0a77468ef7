"""The union's vocabulary and rules, in plain Python: no Qt, no SQL, no I/O."""

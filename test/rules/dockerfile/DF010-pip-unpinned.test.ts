import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF010-pip-unpinned.js';
import { dockerfileRuleTester, lines } from '../harness.js';

describe('DF010 pip-unpinned', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('python -m pip install (hadolint spec)', lines('FROM python:3.12', 'RUN python -m pip install example'), [
    { messageId: 'unpinned', line: 2, column: 27, endColumn: 34, message: '"example"' },
  ]);
  t.catches('one finding per unpinned package', lines('FROM python:3.12', 'RUN pip install --no-cache-dir flask==3.0.3 gunicorn requests'), [
    { line: 2, message: '"gunicorn"' },
    { line: 2, message: '"requests"' },
  ]);
  t.catches('pip3 and versioned pips', lines('FROM python:3.12', 'RUN pip3 install a && pip3.12 install b && /usr/local/bin/pip install c'), 3);
  t.catches('extras without a version', lines('FROM python:3.12', 'RUN pip install "uvicorn[standard]"'), [{ line: 2, message: '"uvicorn"' }]);
  t.catches('option values are not packages', lines('FROM python:3.12', 'RUN pip install -i https://pypi.example/simple --trusted-host pypi.example --target /opt/lib flask'), [
    { line: 2, message: '"flask"' },
  ]);
  t.catches('a package next to a requirements file', lines('FROM python:3.12', 'RUN pip install -r requirements.txt gunicorn'), [{ line: 2, message: '"gunicorn"' }]);
  t.catches('pip install --upgrade pip', lines('FROM python:3.12', 'RUN pip install --upgrade pip'), [{ line: 2, message: '"pip"' }]);
  t.catches('uv pip install', lines('FROM python:3.12', 'RUN uv pip install --system httpx'), 1);
  t.catches('python3 -m pip with python flags', lines('FROM python:3.12', 'RUN python3 -u -m pip install httpx'), 1);
  t.catches('packages from a known ENV', lines('FROM python:3.12', 'ENV TOOLS="black ruff==0.5.0"', 'RUN pip install $TOOLS'), [{ line: 3, message: '"black" (from $TOOLS)' }]);
  t.catches('a heredoc script', lines('FROM python:3.12', 'RUN <<EOF', 'pip install flask', 'EOF'), [{ line: 3, column: 13 }]);
  t.catches('ONBUILD RUN', lines('FROM python:3.12', 'ONBUILD RUN pip install flask'), 1);

  t.catches('a RUN with a pip cache mount', lines('FROM python:3.12', 'RUN --mount=type=cache,target=/root/.cache/pip pip install flask'), [{ line: 2, column: 60 }]);
  t.leavesAlone('== and other specifiers (hadolint)', lines('FROM python:3.12', 'RUN pip install "flask==3.0.3" "django>=4.2,<5" "attrs~=23.1" "six!=1.0" "x===1" "y>1" "z<2"'));
  t.leavesAlone('a requirements file (hadolint spec)', lines('FROM python:3.12', 'RUN pip install -r requirements.txt && pip install --requirement=dev.txt'));
  t.leavesAlone('a constraints file pins the rest', lines('FROM python:3.12', 'RUN pip install -c constraints.txt flask gunicorn'));
  t.leavesAlone('PIP_CONSTRAINT set in ENV', lines('FROM python:3.12', 'ENV PIP_CONSTRAINT=/constraints.txt', 'RUN pip install flask'));
  t.leavesAlone('the local project', lines('FROM python:3.12', 'RUN pip install . && pip install -e . && pip install ".[dev]" && pip install --editable=./lib'));
  t.leavesAlone('wheels, archives and paths', lines('FROM python:3.12', 'RUN pip install /tmp/x-1.0-py3-none-any.whl dist/*.whl ./pkg.tar.gz /src/lib'));
  t.leavesAlone('VCS and URL references (hadolint #67, #287)', lines('FROM python:3.12', 'RUN pip install git+https://github.com/a/b.git@v1.2 "pkg @ https://x/pkg.whl" https://x/y.tar.gz'));
  t.leavesAlone('a variable with no known value', lines('FROM python:3.12', 'ARG PKGS', 'RUN pip install $PKGS'));
  t.leavesAlone('pip download and uninstall', lines('FROM python:3.12', 'RUN pip download flask && pip uninstall -y six'));
  t.leavesAlone('python -m venv is not pip', lines('FROM python:3.12', 'RUN python -m venv /venv && python -c "import pip"'));
});

import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF025-pip-no-cache-dir.js';
import { dockerfileRuleTester, lines } from '../harness.js';

const py = (...ls: string[]) => lines('FROM python:3.12', ...ls);

describe('DF025 pip-no-cache-dir', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('pip install', py('RUN pip install flask'), [{ messageId: 'pipCache', line: 2, column: 5, endColumn: 16, message: '/root/.cache/pip' }]);
  t.catches('pip2, pip3, pip3.12', py('RUN pip2 install a && pip3 install b && pip3.12 install c'), 3);
  t.catches('python -m pip, from python', py('RUN python3 -m pip install -r requirements.txt'), [{ line: 2, column: 5, endColumn: 27 }]);
  t.catches('global options before the subcommand', py('RUN pip --disable-pip-version-check install flask'), 1);
  t.catches('on a continuation line, after other commands', py('RUN apt-get update \\', '  && pip install flask'), [{ line: 3, column: 6 }]);
  t.catches('in a heredoc', py('RUN <<EOF', 'set -e', 'pip install flask', 'EOF'), [{ line: 4, column: 1 }]);
  t.catches('in ONBUILD', py('ONBUILD RUN pip install -r requirements.txt'), [{ line: 2, column: 13 }]);
  t.catches('with sudo', py('RUN sudo -H pip install flask'), 1);
  t.catches('PIP_NO_CACHE_DIR set to something pip rejects', py('ENV PIP_NO_CACHE_DIR=please', 'RUN pip install flask'), 1);
  t.catches('PIP_NO_CACHE_DIR of an unrelated stage', lines('FROM python:3.12 AS a', 'ENV PIP_NO_CACHE_DIR=1', 'FROM python:3.12', 'RUN pip install six'), [{ line: 4 }]);
  t.catches('a cache mount elsewhere', py('RUN --mount=type=cache,target=/root/.npm pip install flask'), 1);
  t.catches('a cache cleaned before the install', py('RUN rm -rf /root/.cache/pip && pip install flask'), 1);
  t.catches('the final stage built FROM a stage', lines('FROM python:3.12 AS base', 'RUN pip install flask', 'FROM base'), [{ line: 2 }]);
  t.catches('uv pip install', py('RUN uv pip install --system flask'), [{ messageId: 'uvCache', line: 2, column: 5, endColumn: 19, message: '/root/.cache/uv' }]);

  t.leavesAlone('--no-cache-dir anywhere', py('RUN pip install --no-cache-dir flask', 'RUN pip3 install flask --no-cache-dir', 'RUN pip --no-cache-dir install flask'));
  for (const v of ['1', 'true', 'on', 'yes', 'off', '0', 'false', 'no']) {
    t.leavesAlone(`ENV PIP_NO_CACHE_DIR=${v} (pip disables its cache for every boolean)`, py(`ENV PIP_NO_CACHE_DIR=${v}`, 'RUN pip install flask'));
  }
  t.leavesAlone('ARG PIP_NO_CACHE_DIR', py('ARG PIP_NO_CACHE_DIR=1', 'RUN pip install flask'));
  t.leavesAlone('a prefix assignment', py('RUN PIP_NO_CACHE_DIR=1 pip install flask'));
  t.leavesAlone('export before', py('RUN export PIP_NO_CACHE_DIR=1 && pip install flask'));
  t.leavesAlone('env wrapper', py('RUN env PIP_NO_CACHE_DIR=true pip install flask'));
  t.leavesAlone('inherited from the stage it is built FROM', lines('FROM python:3.12 AS base', 'ENV PIP_NO_CACHE_DIR=1', 'FROM base', 'RUN pip install six'));
  t.leavesAlone('pip config set global.no-cache-dir in an earlier RUN', py('RUN pip config set global.no-cache-dir false', 'RUN pip install flask'));
  t.leavesAlone('a cache mount on /root/.cache/pip (hadolint #497)', py('RUN --mount=type=cache,target=/root/.cache/pip pip install flask'));
  t.leavesAlone('a cache mount on /root/.cache', py('RUN --mount=type=cache,target=/root/.cache pip install flask'));
  t.leavesAlone("a cache mount on another user's .cache/pip", py('RUN --mount=type=cache,target=/home/app/.cache/pip,uid=1000 pip install --user flask'));
  t.leavesAlone('a cache mount on PIP_CACHE_DIR', py('ENV PIP_CACHE_DIR=/pipcache', 'RUN --mount=type=cache,target=/pipcache pip install flask'));
  t.leavesAlone('a cache mount on --cache-dir', py('RUN --mount=type=cache,target=/c pip install --cache-dir /c flask'));
  t.leavesAlone('pip cache purge after', py('RUN pip install flask && pip cache purge'));
  t.leavesAlone('rm -rf of the cache after', py('RUN pip install flask && rm -rf /root/.cache/pip', 'RUN pip install six && rm -rf ~/.cache'));
  t.leavesAlone('a build stage that does not ship', lines('FROM python:3.12 AS build', 'RUN pip wheel -w /wheels -r req.txt && pip install build', 'FROM python:3.12-slim', 'COPY --from=build /wheels /wheels'));
  t.leavesAlone('pip download, pip wheel, pipx, pipenv, poetry', py('RUN pip download flask -d /d && pip wheel . && pipx install black && pipenv install && poetry install'));
  t.leavesAlone('uv with --no-cache or UV_NO_CACHE', py('RUN uv pip install --no-cache --system flask', 'ENV UV_NO_CACHE=1', 'RUN uv pip install --system six'));
  t.leavesAlone('exec form with --no-cache-dir', py('RUN ["pip", "install", "--no-cache-dir", "flask"]'));
});
